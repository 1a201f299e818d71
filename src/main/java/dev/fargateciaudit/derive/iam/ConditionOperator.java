package dev.fargateciaudit.derive.iam;

import java.util.HashMap;
import java.util.Map;

/**
 * An IAM condition operator as a policy names it: a base operator, an optional set qualifier
 * ({@code ForAllValues:} / {@code ForAnyValue:}) and an optional {@code IfExists} suffix, as in
 * {@code ForAnyValue:StringLikeIfExists}. Names are case-sensitive: IAM rejects
 * {@code stringEquals} with "Invalid Condition type".
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html">IAM JSON policy elements: Condition operators</a>
 */
public record ConditionOperator(String name, Base base, SetQualifier qualifier, boolean ifExists) {

  /** How the operator compares one request value with the policy's values. */
  public enum Family { STRING, NUMERIC, DATE, BOOL, BINARY, IP, ARN, NULL }

  /** The base operators: the family they compare in, and whether they are the negated form. */
  public enum Base {
    STRING_EQUALS("StringEquals", Family.STRING, false),
    STRING_NOT_EQUALS("StringNotEquals", Family.STRING, true),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", Family.STRING, false),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", Family.STRING, true),
    STRING_LIKE("StringLike", Family.STRING, false),
    STRING_NOT_LIKE("StringNotLike", Family.STRING, true),
    NUMERIC_EQUALS("NumericEquals", Family.NUMERIC, false),
    NUMERIC_NOT_EQUALS("NumericNotEquals", Family.NUMERIC, true),
    NUMERIC_LESS_THAN("NumericLessThan", Family.NUMERIC, false),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Family.NUMERIC, false),
    NUMERIC_GREATER_THAN("NumericGreaterThan", Family.NUMERIC, false),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Family.NUMERIC, false),
    DATE_EQUALS("DateEquals", Family.DATE, false),
    DATE_NOT_EQUALS("DateNotEquals", Family.DATE, true),
    DATE_LESS_THAN("DateLessThan", Family.DATE, false),
    DATE_LESS_THAN_EQUALS("DateLessThanEquals", Family.DATE, false),
    DATE_GREATER_THAN("DateGreaterThan", Family.DATE, false),
    DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", Family.DATE, false),
    BOOL("Bool", Family.BOOL, false),
    BINARY_EQUALS("BinaryEquals", Family.BINARY, false),
    IP_ADDRESS("IpAddress", Family.IP, false),
    NOT_IP_ADDRESS("NotIpAddress", Family.IP, true),
    ARN_EQUALS("ArnEquals", Family.ARN, false),
    ARN_LIKE("ArnLike", Family.ARN, false),
    ARN_NOT_EQUALS("ArnNotEquals", Family.ARN, true),
    ARN_NOT_LIKE("ArnNotLike", Family.ARN, true),
    NULL("Null", Family.NULL, false);

    private final String text;
    private final Family family;
    private final boolean negated;

    Base(String text, Family family, boolean negated) {
      this.text = text;
      this.family = family;
      this.negated = negated;
    }

    public String text() { return text; }
    public Family family() { return family; }
    /** True for the "Not" forms: true when the request value matches none of the policy's values. */
    public boolean negated() { return negated; }
  }

  /** {@code ForAllValues:} and {@code ForAnyValue:}, for context keys with several values in one request. */
  public enum SetQualifier {
    NONE(""), FOR_ALL_VALUES("ForAllValues:"), FOR_ANY_VALUE("ForAnyValue:");

    private final String prefix;

    SetQualifier(String prefix) {
      this.prefix = prefix;
    }
  }

  private static final Map<String, Base> BY_TEXT = new HashMap<>();

  static {
    for (Base b : Base.values()) BY_TEXT.put(b.text, b);
  }

  /**
   * The operator named {@code name}; throws {@link IllegalArgumentException} for a name IAM does not
   * define ({@code Null} takes neither a set qualifier nor {@code IfExists}). The message does not
   * repeat the name: it comes from the policy, and errors do not quote input.
   */
  public static ConditionOperator parse(String name) {
    if (name == null) throw unknown();
    SetQualifier qualifier = SetQualifier.NONE;
    String rest = name;
    for (SetQualifier q : new SetQualifier[] {SetQualifier.FOR_ALL_VALUES, SetQualifier.FOR_ANY_VALUE}) {
      if (rest.startsWith(q.prefix)) {
        qualifier = q;
        rest = rest.substring(q.prefix.length());
        break;
      }
    }
    boolean ifExists = false;
    Base base = BY_TEXT.get(rest);
    if (base == null && rest.endsWith("IfExists")) {
      base = BY_TEXT.get(rest.substring(0, rest.length() - "IfExists".length()));
      ifExists = true;
    }
    if (base == null || base == Base.NULL && (ifExists || qualifier != SetQualifier.NONE)) throw unknown();
    return new ConditionOperator(name, base, qualifier, ifExists);
  }

  private static IllegalArgumentException unknown() {
    return new IllegalArgumentException("not a condition operator IAM defines (expected one such as "
        + "StringEquals, ArnLike, Null, ForAnyValue:StringLike or StringEqualsIfExists)");
  }

  /** True when a policy variable ({@code ${aws:username}}) in a value is replaced from the request. */
  public boolean takesPolicyVariables() {
    Family f = base.family;
    return f == Family.STRING || f == Family.ARN || f == Family.BOOL;
  }
}
