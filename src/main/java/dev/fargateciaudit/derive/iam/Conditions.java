package dev.fargateciaudit.derive.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A statement's {@code Condition} block: every clause must hold (operators and keys are an AND,
 * the values of one key an OR). Evaluated against a {@link RequestContext} as IAM evaluates it.
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html">Condition with multiple context keys or values</a>
 */
public final class Conditions {
  public static final Conditions NONE = new Conditions(List.of());

  private final List<Clause> clauses;

  private Conditions(List<Clause> clauses) {
    this.clauses = clauses;
  }

  /**
   * The block {@code condition} (null or missing: no condition). Throws
   * {@link IllegalArgumentException} when it is not an object of operators, each an object of keys
   * to values, or names an operator IAM does not define, or a value its operator cannot compare:
   * IAM refuses such a policy, and a condition the tool cannot read is never read as none.
   *
   * @param policyVariables true for policies of version 2012-10-17, where {@code ${...}} is a variable
   */
  public static Conditions parse(JsonNode condition, boolean policyVariables) {
    if (condition == null || condition.isMissingNode()) return NONE;
    if (!condition.isObject()) throw new IllegalArgumentException("Condition is not an object of condition operators");
    List<Clause> clauses = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> ops = condition.fields(); ops.hasNext(); ) {
      Map.Entry<String, JsonNode> op = ops.next();
      ConditionOperator operator = ConditionOperator.parse(op.getKey());
      if (!op.getValue().isObject()) {
        throw new IllegalArgumentException("a condition operator's block is not an object of context keys to values");
      }
      for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields(); keys.hasNext(); ) {
        Map.Entry<String, JsonNode> k = keys.next();
        clauses.add(Clause.of(operator, k.getKey(), k.getValue(), policyVariables));
      }
    }
    return clauses.isEmpty() ? NONE : new Conditions(List.copyOf(clauses));
  }

  public boolean isEmpty() {
    return clauses.isEmpty();
  }

  public List<Clause> clauses() {
    return clauses;
  }

  /** True when every clause holds for {@code request}: the statement applies to it. */
  public boolean matches(RequestContext request) {
    for (Clause c : clauses) {
      if (!c.matches(request)) return false;
    }
    return true;
  }

  /**
   * True when the clauses on {@code keys} alone reject each of {@code requests}. Clauses on other
   * keys are taken to hold, since the requester may well meet them: a block narrows who or what a
   * statement applies to only through the keys that say who or what.
   */
  public boolean rejectsEach(Collection<String> keys, List<RequestContext> requests) {
    for (RequestContext r : requests) {
      boolean rejected = false;
      for (Clause c : clauses) {
        if (isAmong(c.key(), keys) && !c.matches(r)) {
          rejected = true;
          break;
        }
      }
      if (!rejected) return false;
    }
    return true;
  }

  /**
   * True when the block certainly holds for each of {@code requests}: a Deny with it certainly
   * applies to them. Clauses on {@code keys} are evaluated on the request as it is (the question
   * fixes those keys, absent ones included); a clause on any other key must hold whatever the
   * requester sends for it: nothing, one of the policy's own values, a value nobody chose, or
   * {@code true}/{@code false}. So {@code StringNotEqualsIfExists aws:PrincipalTag/x} never holds
   * for certain: a requester who tags itself escapes it. Nor does a clause whose value is a policy
   * variable, which the probes cannot fill as the real request would.
   */
  public boolean certainlyHolds(Collection<String> keys, List<RequestContext> requests) {
    for (Clause c : clauses) {
      if (c.hasVariables()) return false;
    }
    for (RequestContext r : requests) {
      for (Clause c : clauses) {
        if (isAmong(c.key(), keys) ? !c.matches(r) : !holdsForAnyValue(c, r)) return false;
      }
    }
    return true;
  }

  private static boolean holdsForAnyValue(Clause c, RequestContext r) {
    if (!c.matches(r.without(c.key()))) return false;
    List<String> tries = new ArrayList<>(c.values());
    tries.addAll(List.of(AccountScope.UNCHOSEN, "true", "false"));
    for (String v : tries) {
      if (!c.matches(r.with(c.key(), v))) return false;
    }
    return true;
  }

  private static boolean isAmong(String key, Collection<String> keys) {
    for (String k : keys) {
      if (k.equalsIgnoreCase(key)) return true;
    }
    return false;
  }

  /** The values the block names for {@code key} under operators that are not negated, in order. */
  public List<String> namedValues(String key) {
    List<String> out = new ArrayList<>();
    String folded = RequestContext.fold(key);
    for (Clause c : clauses) {
      if (c.isOn(folded) && !c.operator().base().negated() && c.family() != ConditionOperator.Family.NULL) {
        out.addAll(c.values());
      }
    }
    return out;
  }

  /** The block as written: operator to key to values, in the policy's order. */
  public Map<String, Map<String, List<String>>> asMap() {
    Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
    for (Clause c : clauses) out.computeIfAbsent(c.operator().name(), o -> new LinkedHashMap<>()).put(c.key(), c.values());
    return out;
  }

  /** The context keys the block tests, each once, in the policy's order. */
  public List<String> keys() {
    return clauses.stream().map(Clause::key).distinct().toList();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Conditions c && c.clauses.equals(clauses);
  }

  @Override
  public int hashCode() {
    return clauses.hashCode();
  }

  @Override
  public String toString() {
    return clauses.toString();
  }
}
