package dev.fargateciaudit.derive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.config.CiConfig;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryJson;
import dev.fargateciaudit.rules.Evaluation;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A secret or parameter a task definition names (not by ARN) is the one of the task definition's
 * region, as ECS resolves it: a same-named one of another region is a different resource, with its
 * own policy, and never stands in for a missing one.
 */
class SecretsInTheirRegionTest {
  private static final String ACCOUNT = "123456789012";
  private static final String EU = "eu-west-2";
  private static final String US = "us-east-1";
  private static final String PUBLIC_POLICY = """
      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
        "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}""";

  private static String arn(String service, String region, String resource) {
    return "arn:aws:" + service + ":" + region + ":" + ACCOUNT + ":" + resource;
  }

  private static String td(String region) {
    return arn("ecs", region, "task-definition/gitlab-ci-build:1");
  }

  /** gitlab-ci-build:1 of {@code region}: one container pulling with registry login {@code login}, reading {@code parameter}. */
  private static String taskDefinition(String region, String login, String parameter) {
    return """
        {"arn": "%s", "family": "gitlab-ci-build", "revision": 1, "region": "%s", "status": "ACTIVE",
         "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc",
         "containers": [{"name": "build", "image": "docker.io/myorg/ci@sha256:%s", "repositoryCredentialsParameter": "%s",
           "secrets": [{"name": "CI_USER", "valueFrom": "%s"}]}]}"""
        .formatted(td(region), region, "ab".repeat(32), login, parameter);
  }

  private static String secret(String region, String name, String suffix, String policy) {
    return """
        {"arn": "%s", "name": "%s", "region": "%s", "deleted": false%s}"""
        .formatted(arn("secretsmanager", region, "secret:" + name + "-" + suffix), name, region,
            policy == null ? "" : ", \"resourcePolicy\": " + policy);
  }

  private static String parameter(String region, String name) {
    return """
        {"arn": "%s", "name": "%s", "region": "%s", "type": "String"}""".formatted(arn("ssm", region, "parameter/" + name), name, region);
  }

  private static Inventory estate(List<String> taskDefinitions, List<String> secrets, List<String> parameters) {
    return estate(taskDefinitions, secrets, parameters, List.of());
  }

  private static Inventory estate(List<String> taskDefinitions, List<String> secrets, List<String> parameters,
      List<String> errors) {
    String json = """
        {"schemaVersion": 1, "meta": {"accountId": "%s", "regions": ["%s", "%s"], "collectionMillis": 0},
         "taskDefinitions": [%s], "secrets": [%s], "ssmParameters": [%s], "collectionErrors": [%s]}"""
        .formatted(ACCOUNT, EU, US, String.join(",", taskDefinitions), String.join(",", secrets), String.join(",", parameters),
            String.join(",", errors));
    return InventoryJson.read("estate.json", json.getBytes(StandardCharsets.UTF_8));
  }

  /** CI: the gitlab-ci-* families, in eu-west-2 and us-east-1 (EcrInTheirRegistryTest judges with it too). */
  static final AuditConfig CONFIG = new AuditConfig(List.of(EU, US), null,
      new CiConfig(List.of(), List.of("gitlab-ci-*"), null, null), null, null);

  /** Each finding of {@code rules} as "RULE STATUS region resource". */
  static List<String> findings(Inventory inv, String... rules) {
    List<String> ids = List.of(rules);
    return Evaluation.run(inv, CONFIG, List.of(), null, LocalDate.of(2026, 6, 1)).findings().stream()
        .filter(f -> ids.contains(f.ruleId()))
        .map((Finding f) -> f.ruleId() + " " + f.status() + " " + f.resource().region() + " " + f.resource().id())
        .toList();
  }

  @Test
  void aSecretNamedInTwoRegionsIsJudgedOnTheOneOfEachTaskDefinitionsRegion() {
    String usToken = arn("secretsmanager", US, "secret:ci/token-GhIjKl");
    String euToken = arn("secretsmanager", EU, "secret:ci/token-AbCdEf");
    // The private one first: a lookup by name alone would judge both task definitions on it.
    Inventory inv = estate(List.of(taskDefinition(EU, "ci/token", "ci-user"), taskDefinition(US, "ci/token", "ci-user")),
        List.of(secret(US, "ci/token", "GhIjKl", null), secret(EU, "ci/token", "AbCdEf", PUBLIC_POLICY)),
        List.of(parameter(US, "ci-user"), parameter(EU, "ci-user")));

    Map<String, Subject> secrets = CiScopeTest.byId(Derivation.derive(inv, CONFIG), SubjectType.SECRET);
    assertThat(secrets).containsOnlyKeys(euToken, usToken, arn("ssm", EU, "parameter/ci-user"), arn("ssm", US, "parameter/ci-user"));
    assertThat(secrets.get(euToken).fields()).containsEntry("usedBy", List.of("gitlab-ci-build:1 container build (repositoryCredentials)"));
    assertThat(secrets.get(euToken).region()).isEqualTo(EU);
    assertThat(secrets.get(usToken).region()).isEqualTo(US);

    assertThat(findings(inv, "FCA-SECRETS-001", "FCA-SECRETS-002", "FCA-IMAGES-002")).containsExactlyInAnyOrder(
        "FCA-SECRETS-001 PASS " + EU + " " + euToken,
        "FCA-SECRETS-001 PASS " + US + " " + usToken,
        "FCA-SECRETS-001 PASS " + EU + " " + arn("ssm", EU, "parameter/ci-user"),
        "FCA-SECRETS-001 PASS " + US + " " + arn("ssm", US, "parameter/ci-user"),
        "FCA-SECRETS-002 FAIL " + EU + " " + euToken,
        "FCA-SECRETS-002 PASS " + US + " " + usToken,
        "FCA-IMAGES-002 PASS " + EU + " " + td(EU) + "#build",
        "FCA-IMAGES-002 PASS " + US + " " + td(US) + "#build");
  }

  @Test
  void aNameThatExistsOnlyInAnotherRegionIsMissingInTheTaskDefinitionsRegion() {
    String usToken = arn("secretsmanager", US, "secret:ci/token-GhIjKl");
    String usUser = arn("ssm", US, "parameter/ci-user");
    Inventory inv = estate(List.of(taskDefinition(EU, "ci/token", "ci-user"), taskDefinition(US, "ci/token", "ci-user")),
        List.of(secret(US, "ci/token", "GhIjKl", null)), List.of(parameter(US, "ci-user")));

    assertThat(findings(inv, "FCA-SECRETS-001", "FCA-IMAGES-002")).containsExactlyInAnyOrder(
        "FCA-SECRETS-001 FAIL " + EU + " ci/token",
        "FCA-SECRETS-001 PASS " + US + " " + usToken,
        "FCA-SECRETS-001 FAIL " + EU + " ci-user",
        "FCA-SECRETS-001 PASS " + US + " " + usUser,
        "FCA-IMAGES-002 FAIL " + EU + " " + td(EU) + "#build",
        "FCA-IMAGES-002 PASS " + US + " " + td(US) + "#build");
  }

  /** A name missing in two regions is two missing resources: each region's finding names its own task definition. */
  @Test
  void aNameMissingInTwoRegionsFailsInEachRegion() {
    Inventory inv = estate(List.of(taskDefinition(EU, "ci/token", "ci-user"), taskDefinition(US, "ci/token", "ci-user")),
        List.of(), List.of());

    assertThat(findings(inv, "FCA-SECRETS-001")).containsExactlyInAnyOrder(
        "FCA-SECRETS-001 FAIL " + EU + " ci/token",
        "FCA-SECRETS-001 FAIL " + US + " ci/token",
        "FCA-SECRETS-001 FAIL " + EU + " ci-user",
        "FCA-SECRETS-001 FAIL " + US + " ci-user");
  }

  /**
   * A read of a name that failed in one region makes that region's reference ERROR, and leaves the
   * same name's secret or parameter of another region, read fine, to its verdicts.
   */
  @Test
  void aNameThatCouldNotBeReadInOneRegionIsErrorThereOnly() {
    String euToken = arn("secretsmanager", EU, "secret:ci/token-AbCdEf");
    String euUser = arn("ssm", EU, "parameter/ci-user");
    String denied = """
        {"service": "%s", "operation": "%s", "region": "%s", "errorCode": "AccessDenied", "message": "not authorized", "resource": "%s"}""";
    Inventory inv = estate(List.of(taskDefinition(EU, "ci/token", "ci-user"), taskDefinition(US, "ci/token", "ci-user")),
        List.of(secret(EU, "ci/token", "AbCdEf", null)), List.of(parameter(EU, "ci-user")),
        List.of(denied.formatted("secretsmanager", "DescribeSecret", US, "ci/token"),
            denied.formatted("ssm", "DescribeParameters", US, "ci-user")));

    assertThat(findings(inv, "FCA-SECRETS-001", "FCA-SECRETS-002")).containsExactlyInAnyOrder(
        "FCA-SECRETS-001 PASS " + EU + " " + euToken,
        "FCA-SECRETS-001 ERROR " + US + " ci/token",
        "FCA-SECRETS-001 PASS " + EU + " " + euUser,
        "FCA-SECRETS-001 ERROR " + US + " ci-user",
        "FCA-SECRETS-002 PASS " + EU + " " + euToken,
        "FCA-SECRETS-002 ERROR " + US + " ci/token",
        "FCA-SECRETS-002 ERROR " + US + " ci-user");
  }
}
