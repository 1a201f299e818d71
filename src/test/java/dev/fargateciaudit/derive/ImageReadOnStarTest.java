package dev.fargateciaudit.derive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.input.Mappers;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FCA-IAM-014 on the hardened example estate, its roles edited: the role CI job code holds (the
 * task role) may not read images (ecr:BatchGetImage, ecr:GetDownloadUrlForLayer) on every
 * repository, read as IAM reads the grant; the execution role, which only ECS holds, may, with
 * AWS's own policy.
 */
class ImageReadOnStarTest {
  private static final Path HARDENED = Path.of("examples", "hardened");
  private static final String EXECUTION = "arn:aws:iam::123456789012:role/gitlab-ci-task-execution";
  private static final String TASK = "arn:aws:iam::123456789012:role/gitlab-ci-job";
  private static final String CI_REPOSITORY = "arn:aws:ecr:eu-west-2:123456789012:repository/gitlab-ci";

  @TempDir Path tmp;

  private List<Finding> audit(Consumer<ObjectNode> edit) {
    return IamAsAwsReadsItTest.audit(tmp, edit, HARDENED.resolve("audit.yml"));
  }

  /** FCA-IAM-014's findings as "STATUS resource". */
  private static List<String> imageReads(List<Finding> findings) {
    return findings.stream().filter(f -> f.ruleId().equals("FCA-IAM-014")).map(f -> f.status() + " " + f.resource().id()).toList();
  }

  private static Finding one(List<Finding> findings, String rule, String resource) {
    return findings.stream().filter(f -> f.ruleId().equals(rule) && f.resource().id().equals(resource)).findFirst().orElseThrow();
  }

  private static JsonNode json(String singleQuoted) {
    return IamAsAwsReadsItTest.json(singleQuoted);
  }

  private static ObjectNode taskDefinition(ObjectNode root) {
    return (ObjectNode) root.get("taskDefinitions").get(0);
  }

  /** The CI task definition runs as a new role gitlab-ci-job, trusted by ECS tasks, whose one inline policy has {@code statements}. */
  private static Consumer<ObjectNode> taskRole(String... statements) {
    return root -> {
      taskDefinition(root).put("taskRoleArn", TASK);
      ObjectNode role = ((ArrayNode) root.get("iamRoles")).addObject();
      role.put("arn", TASK).put("name", "gitlab-ci-job").put("path", "/");
      role.set("assumeRolePolicy", json("{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', "
          + "'Principal': {'Service': 'ecs-tasks.amazonaws.com'}, 'Action': 'sts:AssumeRole', "
          + "'Condition': {'StringEquals': {'aws:SourceAccount': '123456789012'}}}]}"));
      ObjectNode inline = Mappers.json().createObjectNode().put("name", "job");
      inline.set("document", json("{'Version': '2012-10-17', 'Statement': [" + String.join(", ", statements) + "]}"));
      role.putArray("inlinePolicies").add(inline);
    };
  }

  private static final String PULL_ON_STAR = "{'Effect': 'Allow', 'Action': ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], 'Resource': '*'}";

  @Test
  void theExecutionRoleAlonePullsWithAwsPolicyAndIsNoSubject() {
    assertThat(imageReads(audit(root -> { }))).singleElement().asString().startsWith("NOT_APPLICABLE ");
  }

  /** bioinfomethods/panelapp-infra's set-up: one role is the execution and the task role, with AmazonECSTaskExecutionRolePolicy. */
  @Test
  void oneRoleForExecutionAndTaskWithAwsExecutionPolicyLetsEveryJobPullEveryImage() {
    List<Finding> findings = audit(root -> taskDefinition(root).put("taskRoleArn", EXECUTION));
    assertThat(imageReads(findings)).containsExactly("FAIL " + EXECUTION);
    Finding f = one(findings, "FCA-IAM-014", EXECUTION);
    assertThat(f.message()).isEqualTo("role gitlab-ci-task-execution, the task role CI jobs run with, allows "
        + "ecr:BatchGetImage on * (AmazonECSTaskExecutionRolePolicy), ecr:GetDownloadUrlForLayer on * "
        + "(AmazonECSTaskExecutionRolePolicy): every job can pull every private image of the account");
    assertThat(f.evidence()).containsEntry("statements",
        "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy statement 1");
    assertThat(f.remediation()).contains("give them a separate execution role",
        "arn:aws:ecr:REGION:123456789012:repository/NAME");
  }

  @Test
  void aTaskRolePullingFromTheCiRepositoryOnlyPasses() {
    List<Finding> findings = audit(taskRole("{'Effect': 'Allow', 'Action': ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], "
        + "'Resource': '" + CI_REPOSITORY + "'}", "{'Effect': 'Allow', 'Action': 'ecr:GetAuthorizationToken', 'Resource': '*'}"));
    assertThat(imageReads(findings)).containsExactly("PASS " + TASK);
  }

  @Test
  void everyRepositoryIsReadAsIamReadsIt() {
    assertThat(imageReads(audit(taskRole(PULL_ON_STAR)))).containsExactly("FAIL " + TASK);
    assertThat(imageReads(audit(taskRole("{'Effect': 'Allow', 'Action': 'ecr:BatchGetImage', "
        + "'Resource': 'arn:aws:ecr:*:*:repository/*'}")))).containsExactly("FAIL " + TASK);
    assertThat(imageReads(audit(taskRole("{'Effect': 'Allow', 'Action': 'ecr:Batch*', 'Resource': 'arn:aws:ecr:eu-west-2:123456789012:*'}"))))
        .as("a wildcard action on every repository of the account").containsExactly("FAIL " + TASK);
    assertThat(imageReads(audit(taskRole("{'Effect': 'Allow', 'NotAction': 'iam:*', 'Resource': '*'}"))))
        .as("NotAction leaves the image reads in").containsExactly("FAIL " + TASK);
    assertThat(imageReads(audit(taskRole("{'Effect': 'Allow', 'Action': 'ecr:GetDownloadUrlForLayer', "
        + "'NotResource': '" + CI_REPOSITORY + "'}")))).as("NotResource leaves every other repository in").containsExactly("FAIL " + TASK);
  }

  @Test
  void aDenyOfEveryRepositoryButTheCiOnesCancelsThePullOnStar() {
    String denyOthers = "{'Effect': 'Deny', 'Action': ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], "
        + "'NotResource': '" + CI_REPOSITORY + "'}";
    assertThat(imageReads(audit(taskRole(PULL_ON_STAR, denyOthers)))).containsExactly("PASS " + TASK);
    // A Deny of the pushes only leaves the reads standing.
    assertThat(imageReads(audit(taskRole(PULL_ON_STAR, "{'Effect': 'Deny', 'Action': 'ecr:PutImage', 'Resource': '*'}"))))
        .containsExactly("FAIL " + TASK);
  }
}
