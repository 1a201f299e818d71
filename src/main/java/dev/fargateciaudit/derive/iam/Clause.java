package dev.fargateciaudit.derive.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.derive.Cidrs;
import dev.fargateciaudit.derive.iam.ConditionOperator.Base;
import dev.fargateciaudit.derive.iam.ConditionOperator.Family;
import dev.fargateciaudit.derive.iam.ConditionOperator.SetQualifier;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One test of a {@code Condition} block: an operator, a context key and the policy's values for it,
 * as in {@code "StringEquals": {"aws:SourceAccount": ["111122223333"]}}. Several values are an OR
 * (for the negated operators: the request value matches none of them); a key absent from the
 * request makes the test false, except for the negated operators, {@code ...IfExists},
 * {@code ForAllValues:} (all true) and {@code Null}.
 *
 * Two clauses are equal when they are written alike.
 */
public final class Clause {
  private final ConditionOperator operator;
  private final String key;
  private final List<String> values;
  /** Each value made ready for the operator: a {@link Template}, number, instant, network or boolean. */
  private final List<Object> compiled;

  private Clause(ConditionOperator operator, String key, List<String> values, List<Object> compiled) {
    this.operator = operator;
    this.key = key;
    this.values = values;
    this.compiled = compiled;
  }

  public ConditionOperator operator() {
    return operator;
  }

  public String key() {
    return key;
  }

  /** The policy's values as written (JSON numbers and booleans as their text). */
  public List<String> values() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Clause c && c.operator.equals(operator) && c.key.equals(key) && c.values.equals(values);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(operator, key, values);
  }

  @Override
  public String toString() {
    return operator.name() + " " + key + " " + values;
  }

  /**
   * The clause for {@code values} (a string, number, boolean or list of them); throws
   * {@link IllegalArgumentException} for any other JSON, or a value the operator cannot compare
   * with (a number for {@code Numeric...}, an ISO 8601 date or epoch seconds for {@code Date...},
   * an address or CIDR for the IP operators, {@code true}/{@code false} for {@code Bool} and
   * {@code Null}). The message never quotes the value.
   */
  public static Clause of(ConditionOperator operator, String key, JsonNode values, boolean policyVariables) {
    List<String> texts = new ArrayList<>();
    if (values != null && values.isArray()) {
      for (JsonNode v : values) texts.add(scalar(v));
    } else {
      texts.add(scalar(values));
    }
    List<Object> compiled = new ArrayList<>(texts.size());
    boolean variables = policyVariables && operator.takesPolicyVariables();
    for (String t : texts) compiled.add(compile(operator, t, variables));
    return new Clause(operator, key, List.copyOf(texts), List.copyOf(compiled));
  }

  private static String scalar(JsonNode v) {
    if (v == null || !v.isValueNode() || v.isNull()) {
      throw new IllegalArgumentException("a condition value must be a string, number, boolean or a list of them");
    }
    return v.asText();
  }

  private static Object compile(ConditionOperator op, String v, boolean variables) {
    String name = op.base().text();
    switch (op.base().family()) {
      case STRING, ARN:
        return Template.parse(v, variables);
      case BOOL:
        if (!isBool(v) && !(variables && v.contains("${"))) throw bad(name, "true or false");
        return Template.parse(v, variables);
      case NULL:
        if (!isBool(v)) throw bad(name, "true or false");
        return Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
      case NUMERIC:
        BigDecimal n = number(v);
        if (n == null) throw bad(name, "a number");
        return n;
      case DATE:
        Instant d = date(v);
        if (d == null) throw bad(name, "an ISO 8601 date or epoch seconds");
        return d;
      case IP:
        Cidrs.Net net = Cidrs.tryParse(v);
        if (net == null) throw bad(name, "an IP address or CIDR");
        return net;
      default:
        return v;
    }
  }

  private static IllegalArgumentException bad(String operator, String expected) {
    return new IllegalArgumentException("a condition value of " + operator + " is not " + expected);
  }

  private static boolean isBool(String v) {
    return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false");
  }

  private static BigDecimal number(String v) {
    try {
      return new BigDecimal(v.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The W3C profile of ISO 8601 (year down to fractions of a second, with a zone or UTC), or epoch seconds. */
  static Instant date(String v) {
    String s = v.trim();
    if (!s.isEmpty() && s.chars().allMatch(Character::isDigit) && s.length() > 4) {
      try {
        return Instant.ofEpochSecond(Long.parseLong(s));
      } catch (NumberFormatException | java.time.DateTimeException e) {
        return null;
      }
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      // one of the shorter forms below
    }
    try {
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // shorter still
    }
    try {
      return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // a month or a year
    }
    try {
      return YearMonth.parse(s).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // a year
    }
    try {
      return Year.parse(s).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** True when this test holds for {@code request}. */
  public boolean matches(RequestContext request) {
    List<String> present = request.values(key);
    boolean absent = present == null || present.isEmpty();
    if (operator.base() == Base.NULL) {
      for (Object expected : compiled) {
        if ((Boolean) expected == absent) return true;
      }
      return false;
    }
    if (absent) {
      if (operator.ifExists() || operator.qualifier() == SetQualifier.FOR_ALL_VALUES) return true;
      if (operator.qualifier() == SetQualifier.FOR_ANY_VALUE) return false;
      return operator.base().negated();
    }
    // A plain operator on a key with several request values is read as ForAnyValue.
    boolean all = operator.qualifier() == SetQualifier.FOR_ALL_VALUES;
    for (String v : present) {
      boolean one = operator.base().negated() != matchesAny(v, request);
      if (one != all) return one;
    }
    return all;
  }

  /** True when {@code v} matches one of the policy's values under the operator's positive form. */
  private boolean matchesAny(String v, RequestContext request) {
    for (Object p : compiled) {
      if (positive(p, v, request)) return true;
    }
    return false;
  }

  private boolean positive(Object p, String v, RequestContext request) {
    Base base = operator.base();
    if (p instanceof Template t) {
      Template.Resolved r = t.resolve(request);
      if (r == null) return false;
      return switch (base) {
        case STRING_EQUALS, STRING_NOT_EQUALS -> r.text().equals(v);
        case STRING_EQUALS_IGNORE_CASE, STRING_NOT_EQUALS_IGNORE_CASE, BOOL -> r.text().equalsIgnoreCase(v);
        case STRING_LIKE, STRING_NOT_LIKE -> Template.like(r, v);
        default -> Template.arnLike(r, v);
      };
    }
    if (p instanceof BigDecimal n) {
      BigDecimal x = number(v);
      if (x == null) return false;
      int c = x.compareTo(n);
      return compare(base, c);
    }
    if (p instanceof Instant d) {
      Instant x = date(v);
      if (x == null) return false;
      return compare(base, x.compareTo(d));
    }
    if (p instanceof Cidrs.Net net) {
      Cidrs.Net x = Cidrs.tryParse(v);
      return x != null && net.contains(x);
    }
    return p.equals(v);
  }

  /** The positive form of a numeric or date operator, given the request value compared with the policy's. */
  private static boolean compare(Base base, int c) {
    return switch (base) {
      case NUMERIC_LESS_THAN, DATE_LESS_THAN -> c < 0;
      case NUMERIC_LESS_THAN_EQUALS, DATE_LESS_THAN_EQUALS -> c <= 0;
      case NUMERIC_GREATER_THAN, DATE_GREATER_THAN -> c > 0;
      case NUMERIC_GREATER_THAN_EQUALS, DATE_GREATER_THAN_EQUALS -> c >= 0;
      default -> c == 0;
    };
  }

  /** True when one of the policy's values holds a policy variable (the request fills it in). */
  boolean hasVariables() {
    for (Object p : compiled) {
      if (p instanceof Template t && t.hasVariables()) return true;
    }
    return false;
  }

  boolean isOn(String foldedKey) {
    return RequestContext.fold(key).equals(foldedKey);
  }

  Family family() {
    return operator.base().family();
  }
}
