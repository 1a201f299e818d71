package dev.fargateciaudit.derive;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One IAM policy statement, normalised: single strings become lists, absent elements become empty
 * lists, conditions become {@code operator -> key -> values}.
 *
 * @param policy the name of the policy the statement belongs to
 * @param awsManaged true for statements of AWS managed policies
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
    Map<String, Map<String, List<String>>> conditions,
    Map<String, List<String>> principals,
    boolean principalStar) {

  /** Normalises every statement of {@code document}; throws IllegalArgumentException on a malformed document. */
  public static List<PolicyStatement> parse(String policy, boolean awsManaged, JsonNode document) {
    if (document == null || document.isNull() || document.isMissingNode()) {
      throw new IllegalArgumentException("policy " + policy + " has no document");
    }
    JsonNode st = document.get("Statement");
    if (st == null) throw new IllegalArgumentException("policy " + policy + " has no Statement");
    List<PolicyStatement> out = new ArrayList<>();
    if (st.isArray()) {
      for (JsonNode s : st) out.add(one(policy, awsManaged, s));
    } else {
      out.add(one(policy, awsManaged, st));
    }
    return out;
  }

  private static PolicyStatement one(String policy, boolean awsManaged, JsonNode s) {
    if (!s.isObject()) throw new IllegalArgumentException("policy " + policy + ": a statement is not an object");
    String effect = s.path("Effect").asText("");
    Map<String, Map<String, List<String>>> cond = new LinkedHashMap<>();
    JsonNode c = s.get("Condition");
    if (c != null && c.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
        var op = it.next();
        Map<String, List<String>> keys = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> k = op.getValue().fields(); k.hasNext(); ) {
          var e = k.next();
          keys.put(e.getKey(), strings(e.getValue()));
        }
        cond.put(op.getKey(), keys);
      }
    }
    Map<String, List<String>> principals = new LinkedHashMap<>();
    boolean star = false;
    JsonNode p = s.has("Principal") ? s.get("Principal") : s.get("NotPrincipal");
    if (p != null) {
      if (p.isTextual()) {
        star = "*".equals(p.asText());
        principals.put("*", List.of(p.asText()));
      } else if (p.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
          var e = it.next();
          List<String> v = strings(e.getValue());
          principals.put(e.getKey(), v);
          if ("AWS".equals(e.getKey()) && v.contains("*")) star = true;
        }
      }
    }
    return new PolicyStatement(policy, awsManaged, s.path("Sid").asText(""), "Allow".equals(effect),
        strings(s.get("Action")), strings(s.get("NotAction")), strings(s.get("Resource")),
        strings(s.get("NotResource")), cond, principals, star);
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

  /** True when the statement applies to every resource ({@code Resource: "*"} or any {@code NotResource}). */
  public boolean onAnyResource() {
    return resources.contains("*") || !notResources.isEmpty();
  }

  public boolean hasConditions() {
    return !conditions.isEmpty();
  }

  /** Every value of condition key {@code key} under any operator (keys compared case-insensitively, as IAM does). */
  public List<String> conditionValues(String key) {
    List<String> out = new ArrayList<>();
    for (Map<String, List<String>> keys : conditions.values()) {
      for (var e : keys.entrySet()) {
        if (e.getKey().equalsIgnoreCase(key)) out.addAll(e.getValue());
      }
    }
    return out;
  }
}
