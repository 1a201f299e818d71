package dev.fargateciaudit.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** IAM and resource policy documents as Jackson trees, the form the inventory keeps them in. */
final class SyntheticPolicies {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  static final JsonNode ECS_TASK_EXECUTION = policy(
      allow(List.of("ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer",
          "ecr:BatchGetImage", "logs:CreateLogStream", "logs:PutLogEvents"), "*"));
  static final JsonNode S3_FULL_ACCESS = policy(allow(List.of("s3:*", "s3-object-lambda:*"), "*"));
  static final JsonNode SECRETS_MANAGER_READ_WRITE = policy(
      allow(List.of("secretsmanager:*", "kms:DescribeKey", "kms:ListAliases", "rds:DescribeDBInstances"), "*"));
  static final JsonNode ECS_FULL_ACCESS = policy(
      allow(List.of("ecs:*", "iam:PassRole", "ec2:*", "elasticloadbalancing:*"), "*"));

  private SyntheticPolicies() {}

  static ObjectNode policy(ObjectNode... statements) {
    ObjectNode doc = F.objectNode();
    doc.put("Version", "2012-10-17");
    ArrayNode st = doc.putArray("Statement");
    for (ObjectNode s : statements) st.add(s);
    return doc;
  }

  static ObjectNode allow(List<String> actions, String... resources) {
    return statement("Allow", "Action", actions, resources);
  }

  static ObjectNode statement(String effect, String actionKey, List<String> actions, String... resources) {
    ObjectNode s = F.objectNode();
    s.put("Effect", effect);
    if (actions.size() == 1) {
      s.put(actionKey, actions.get(0));
    } else {
      ArrayNode a = s.putArray(actionKey);
      actions.forEach(a::add);
    }
    if (resources.length == 1) {
      s.put("Resource", resources[0]);
    } else {
      ArrayNode r = s.putArray("Resource");
      for (String x : resources) r.add(x);
    }
    return s;
  }

  /** A trust policy for {@code service}; with {@code confined}, limited to our account (confused deputy). */
  static ObjectNode trust(String service, boolean confined) {
    ObjectNode s = F.objectNode();
    s.put("Effect", "Allow");
    s.putObject("Principal").put("Service", service);
    s.put("Action", "sts:AssumeRole");
    if (confined) s.putObject("Condition").putObject("StringEquals").put("aws:SourceAccount", Names.ACCOUNT);
    return policy(s);
  }

  /** A trust policy any AWS principal may use. */
  static ObjectNode trustAnyone() {
    ObjectNode s = F.objectNode();
    s.put("Effect", "Allow");
    s.putObject("Principal").put("AWS", "*");
    s.put("Action", "sts:AssumeRole");
    return policy(s);
  }

  /** A resource policy granting {@code actions} to {@code principal} ({@code "*"} makes it public). */
  static ObjectNode resourcePolicy(String principal, List<String> actions) {
    ObjectNode s = statement("Allow", "Action", actions, "*");
    s.remove("Resource");
    if ("*".equals(principal)) s.put("Principal", "*");
    else s.putObject("Principal").put("AWS", principal);
    return policy(s);
  }
}
