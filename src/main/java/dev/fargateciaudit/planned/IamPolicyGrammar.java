package dev.fargateciaudit.planned;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.derive.iam.Clause;
import dev.fargateciaudit.derive.iam.ConditionOperator;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks IAM policy documents the way IAM's grammar defines them, so that what reaches the rules is a
 * policy IAM would accept. {@code Action}, {@code Resource} and {@code Principal} values may be a string
 * or a list of strings (both are valid IAM); the document is kept as written and normalised later.
 */
final class IamPolicyGrammar {
  enum Kind { IDENTITY, TRUST }

  private static final Set<String> TOP = Set.of("Version", "Id", "Statement");
  private static final Set<String> STATEMENT = Set.of(
      "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition");
  private static final Set<String> PRINCIPAL_TYPES = Set.of("AWS", "Service", "Federated", "CanonicalUser");
  private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");

  private IamPolicyGrammar() {}

  static void validate(PositionedJson doc, Kind kind) {
    JsonNode root = doc.root();
    if (!root.isObject()) throw doc.error("", "a policy document must be a JSON object");
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!TOP.contains(k)) throw doc.keyError("/" + k, "unknown policy element (expected Version, Id, Statement)");
    }
    JsonNode version = root.get("Version");
    if (version != null && !(version.isTextual() && VERSIONS.contains(version.asText()))) {
      throw doc.error("/Version", "Version must be \"2012-10-17\" or \"2008-10-17\"");
    }
    JsonNode statements = root.get("Statement");
    if (statements == null) throw doc.error("", "missing Statement (expected a statement object or a list of them)");
    boolean variables = version != null && version.asText().equals("2012-10-17");
    if (statements.isObject()) {
      statement(doc, statements, "/Statement", kind, variables);
    } else if (statements.isArray() && !statements.isEmpty()) {
      for (int i = 0; i < statements.size(); i++) statement(doc, statements.get(i), "/Statement/" + i, kind, variables);
    } else {
      throw doc.error("/Statement", "Statement must be a statement object or a non-empty list of them");
    }
  }

  private static void statement(PositionedJson doc, JsonNode s, String at, Kind kind, boolean variables) {
    if (!s.isObject()) throw doc.error(at, "a statement must be a JSON object");
    for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!STATEMENT.contains(k)) throw doc.keyError(at + "/" + k, "unknown statement element (expected one of " + new TreeSet<>(STATEMENT) + ")");
    }
    JsonNode effect = s.get("Effect");
    if (effect == null) throw doc.error(at, "statement has no Effect (expected \"Allow\" or \"Deny\")");
    if (!effect.isTextual() || !(effect.asText().equals("Allow") || effect.asText().equals("Deny"))) {
      throw doc.error(at + "/Effect", "Effect must be \"Allow\" or \"Deny\"");
    }
    if (s.has("Sid") && !s.get("Sid").isTextual()) throw doc.error(at + "/Sid", "Sid must be a string");
    exactlyOne(doc, s, at, "Action", "NotAction", true);
    stringOrList(doc, s, at, "Action");
    stringOrList(doc, s, at, "NotAction");
    if (kind == Kind.IDENTITY) {
      for (String p : new String[] {"Principal", "NotPrincipal"}) {
        if (s.has(p)) throw doc.error(at + "/" + p, p + " is not allowed in an identity-based policy (only in trust and resource policies)");
      }
      exactlyOne(doc, s, at, "Resource", "NotResource", true);
    } else {
      exactlyOne(doc, s, at, "Principal", "NotPrincipal", true);
      exactlyOne(doc, s, at, "Resource", "NotResource", false);
    }
    stringOrList(doc, s, at, "Resource");
    stringOrList(doc, s, at, "NotResource");
    principal(doc, s, at, "Principal");
    principal(doc, s, at, "NotPrincipal");
    condition(doc, s.get("Condition"), at + "/Condition", variables);
  }

  private static void exactlyOne(PositionedJson doc, JsonNode s, String at, String a, String b, boolean required) {
    if (s.has(a) && s.has(b)) throw doc.error(at + "/" + b, "statement has both " + a + " and " + b + " (expected one)");
    if (required && !s.has(a) && !s.has(b)) throw doc.error(at, "statement has no " + a + " (expected " + a + " or " + b + ")");
  }

  private static void stringOrList(PositionedJson doc, JsonNode s, String at, String key) {
    JsonNode v = s.get(key);
    if (v == null) return;
    stringOrListValue(doc, v, at + "/" + key, key);
  }

  private static void stringOrListValue(PositionedJson doc, JsonNode v, String at, String what) {
    if (v.isTextual() && !v.asText().isEmpty()) return;
    if (v.isArray() && !v.isEmpty()) {
      for (int i = 0; i < v.size(); i++) {
        if (!v.get(i).isTextual() || v.get(i).asText().isEmpty()) throw doc.error(at + "/" + i, what + " entries must be non-empty strings");
      }
      return;
    }
    throw doc.error(at, what + " must be a string or a non-empty list of strings");
  }

  private static void principal(PositionedJson doc, JsonNode s, String at, String key) {
    JsonNode p = s.get(key);
    if (p == null) return;
    String here = at + "/" + key;
    if (p.isTextual()) {
      if (!p.asText().equals("*")) throw doc.error(here, key + " as a string must be \"*\" (expected \"*\" or an object such as {\"Service\": ...})");
      return;
    }
    if (!p.isObject() || p.isEmpty()) throw doc.error(here, key + " must be \"*\" or an object of AWS, Service, Federated or CanonicalUser");
    for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!PRINCIPAL_TYPES.contains(e.getKey())) {
        throw doc.keyError(here + "/" + e.getKey(), "unknown principal type (expected AWS, Service, Federated or CanonicalUser)");
      }
      stringOrListValue(doc, e.getValue(), here + "/" + e.getKey(), key + "." + e.getKey());
    }
  }

  /**
   * The {@code Condition} block, read as {@code derive} reads it ({@link ConditionOperator},
   * {@link Clause}): an operator IAM does not define, or a value its operator cannot compare, is
   * bad input here rather than a role whose rules cannot be evaluated.
   */
  private static void condition(PositionedJson doc, JsonNode c, String at, boolean variables) {
    if (c == null) return;
    if (!c.isObject()) throw doc.error(at, "Condition must be an object of operators");
    for (Iterator<Map.Entry<String, JsonNode>> ops = c.fields(); ops.hasNext(); ) {
      Map.Entry<String, JsonNode> op = ops.next();
      String opAt = PositionedJson.child(at, op.getKey());
      ConditionOperator operator;
      try {
        operator = ConditionOperator.parse(op.getKey());
      } catch (IllegalArgumentException e) {
        throw doc.keyError(opAt, e.getMessage());
      }
      if (!op.getValue().isObject()) throw doc.error(opAt, "a condition operator must map context keys to values");
      for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields(); keys.hasNext(); ) {
        Map.Entry<String, JsonNode> k = keys.next();
        JsonNode v = k.getValue();
        String keyAt = PositionedJson.child(opAt, k.getKey());
        if (v.isArray() && v.isEmpty()) throw doc.error(keyAt, "condition value must be a string, number, boolean or a non-empty list of them");
        try {
          Clause.of(operator, k.getKey(), v, variables);
        } catch (IllegalArgumentException e) {
          throw doc.error(keyAt, e.getMessage());
        }
      }
    }
  }
}
