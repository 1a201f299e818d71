package dev.fargateciaudit.derive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.derive.iam.AccountScope;
import dev.fargateciaudit.derive.iam.Conditions;
import dev.fargateciaudit.derive.iam.ResourcePatterns;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One IAM policy statement, normalised: single strings become lists, absent elements become empty
 * lists, the {@code Condition} block is parsed into {@link Conditions} (an operator IAM does not
 * define is a malformed policy, never an ignored condition, and so is an {@code Effect} other than
 * {@code Allow} or {@code Deny}, which IAM compares case-sensitively).
 *
 * @param policy the name of the policy the statement belongs to
 * @param awsManaged true for statements of AWS managed policies
 * @param principals {@code Principal} by type ({@code "*"} for the string form)
 * @param notPrincipals {@code NotPrincipal} by type: with Allow, everyone but these
 * @param principalStar true when {@code Principal} is {@code "*"} or {@code {"AWS": "*"}}
 * @param policyVariables true when {@code ${...}} is a policy variable (version 2012-10-17)
 * @param index the statement's position in its policy, from 1 (as the IAM console numbers them)
 * @param policyArn the managed policy's ARN; null for an inline policy, a trust or a resource policy
 */
public record PolicyStatement(
    String policy,
    boolean awsManaged,
    String sid,
    boolean allow,
    List<String> actions,
    List<String> notActions,
    List<String> resources,
    List<String> notResources,
    Conditions conditions,
    Map<String, List<String>> principals,
    Map<String, List<String>> notPrincipals,
    boolean principalStar,
    boolean policyVariables,
    int index,
    String policyArn) {

  /** Normalises every statement of {@code document}; throws IllegalArgumentException on a malformed document. */
  public static List<PolicyStatement> parse(String policy, boolean awsManaged, JsonNode document) {
    return parse(policy, null, awsManaged, document);
  }

  /** As {@link #parse(String, boolean, JsonNode)}, for the managed policy {@code policyArn} (null for others). */
  public static List<PolicyStatement> parse(String policy, String policyArn, boolean awsManaged, JsonNode document) {
    if (document == null || document.isNull() || document.isMissingNode()) {
      throw new IllegalArgumentException("policy " + policy + " has no document");
    }
    JsonNode st = document.get("Statement");
    if (st == null) throw new IllegalArgumentException("policy " + policy + " has no Statement");
    boolean variables = "2012-10-17".equals(document.path("Version").asText(""));
    List<PolicyStatement> out = new ArrayList<>();
    if (st.isArray()) {
      for (int i = 0; i < st.size(); i++) out.add(one(policy, policyArn, awsManaged, st.get(i), i, variables));
    } else {
      out.add(one(policy, policyArn, awsManaged, st, 0, variables));
    }
    return out;
  }

  private static PolicyStatement one(String policy, String policyArn, boolean awsManaged, JsonNode s, int index,
      boolean variables) {
    if (!s.isObject()) throw new IllegalArgumentException("policy " + policy + ": a statement is not an object");
    String effect = s.path("Effect").asText("");
    if (!"Allow".equals(effect) && !"Deny".equals(effect)) {
      // Case-sensitive in IAM; anything else read as a Deny could cancel a grant.
      throw new IllegalArgumentException("policy " + policy + ", statement " + (index + 1) + ": Effect must be \"Allow\" or \"Deny\"");
    }
    Conditions cond;
    try {
      cond = Conditions.parse(s.get("Condition"), variables);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("policy " + policy + ", statement " + (index + 1) + ": " + e.getMessage(), e);
    }
    Map<String, List<String>> principals = new LinkedHashMap<>();
    boolean star = principals(s.get("Principal"), principals);
    Map<String, List<String>> notPrincipals = new LinkedHashMap<>();
    principals(s.get("NotPrincipal"), notPrincipals);
    return new PolicyStatement(policy, awsManaged, s.path("Sid").asText(""), "Allow".equals(effect),
        strings(s.get("Action")), strings(s.get("NotAction")), strings(s.get("Resource")),
        strings(s.get("NotResource")), cond, principals, notPrincipals, star, variables, index + 1, policyArn);
  }

  /** Fills {@code into} from a principal element; true when it names everyone ({@code "*"} or {@code AWS: "*"}). */
  private static boolean principals(JsonNode p, Map<String, List<String>> into) {
    boolean star = false;
    if (p == null) return false;
    if (p.isTextual()) {
      star = "*".equals(p.asText());
      into.put("*", List.of(p.asText()));
    } else if (p.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
        var e = it.next();
        List<String> v = strings(e.getValue());
        into.put(e.getKey(), v);
        if ("AWS".equals(e.getKey()) && v.contains("*")) star = true;
      }
    }
    return star;
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) return out;
    if (n.isArray()) {
      for (JsonNode x : n) out.add(x.asText());
    } else {
      out.add(n.asText());
    }
    return out;
  }

  /** True when the statement (ignoring conditions) grants {@code action}. */
  public boolean grants(String action) {
    if (!notActions.isEmpty()) return !IamPatterns.anyActionMatches(notActions, action);
    return IamPatterns.anyActionMatches(actions, action);
  }

  /**
   * The {@code Resource} pattern (or {@code "NotResource ..."}) through which the statement reaches
   * every resource {@code action} applies to in {@code scope}, or null when its resources are scoped.
   */
  public String everyResourceVia(String action, AccountScope scope) {
    return ResourcePatterns.everyResourceVia(action, resources, notResources, policyVariables, scope);
  }

  /** False when no {@code everyResourceVia} can be non-null: every {@code Resource} names one resource. */
  public boolean mayReachEveryResource() {
    if (!notResources.isEmpty()) return true;
    for (String r : resources) {
      if (ResourcePatterns.mayMatchUnchosen(r)) return true;
    }
    return false;
  }

  /**
   * Where the statement is, for a reviewer to find it: {@code POLICY statement N} with its
   * {@code Sid} when it has one, the policy by ARN when it is a managed one.
   */
  public String location() {
    String where = (policyArn == null || policyArn.isEmpty() ? policy : policyArn) + " statement " + index;
    return sid.isEmpty() ? where : where + " (Sid " + sid + ")";
  }

  public boolean hasConditions() {
    return !conditions.isEmpty();
  }
}
