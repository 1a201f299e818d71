package dev.fargateciaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.config.CiConfig;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryJson;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A failed read of one region blocks the subjects whose facts may hold that region's data, and no
 * other: those of the region, those of no region (roles read the task definitions of every region),
 * and those of another region that read its data (a container whose image is in the region's
 * registry, a repository a task definition of the region uses). Every other subject keeps its
 * verdict; a failed read that blocked no subject is one ERROR for the account. A failed read of no
 * audited region (IAM's {@code global}, or none recorded) blocks every subject.
 */
class RegionScopedErrorsTest {
  private static final String ACCOUNT = "123456789012";
  private static final String EU = "eu-west-2";
  private static final String US = "us-east-1";
  private static final AuditConfig CONFIG = new AuditConfig(List.of(EU, US), null,
      new CiConfig(List.of(), List.of("gitlab-ci-*"), null, null), null, null);
  private static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/ci-task";
  private static final String ROLE_JSON = """
      {"arn": "%s", "name": "ci-task", "path": "/",
       "assumeRolePolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
         "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole",
         "Condition": {"StringEquals": {"aws:SourceAccount": "%s"}}}]},
       "inlinePolicies": [{"name": "ci", "document": {"Version": "2012-10-17", "Statement": [
         {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::ci-cache/*"}]}}]}"""
      .formatted(ROLE, ACCOUNT);

  private static String td(String region, String family) {
    return "arn:aws:ecs:" + region + ":" + ACCOUNT + ":task-definition/" + family + ":1";
  }

  private static String repo(String region) {
    return "arn:aws:ecr:" + region + ":" + ACCOUNT + ":repository/ci-image";
  }

  /** {@code family}:1 of eu-west-2, task role ci-task, one container {@code name} running {@code image}. */
  private static String taskDefinition(String family, String name, String image) {
    return """
        {"arn": "%s", "family": "%s", "revision": 1, "region": "%s", "status": "ACTIVE", "taskRoleArn": "%s",
         "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc",
         "containers": [{"name": "%s", "image": "%s"}]}""".formatted(td(EU, family), family, EU, ROLE, name, image);
  }

  /** Repository ci-image of {@code region}, with mutable tags (FCA-IMAGES-006 fails). */
  private static String repository(String region) {
    return """
        {"arn": "%s", "name": "ci-image", "region": "%s", "registryId": "%s", "uri": "%s",
         "scanOnPush": true, "imageTagMutability": "MUTABLE", "encryptionType": "AES256"}"""
        .formatted(repo(region), region, ACCOUNT, image(region).replace(":1.4.2", ""));
  }

  private static String image(String region) {
    return ACCOUNT + ".dkr.ecr." + region + ".amazonaws.com/ci-image:1.4.2";
  }

  private static String error(String service, String operation, String region) {
    return """
        {"service": "%s", "operation": "%s", "region": %s, "errorCode": "ThrottlingException", "message": "Rate exceeded"}"""
        .formatted(service, operation, region == null ? "null" : "\"" + region + "\"");
  }

  /**
   * The estate of eu-west-2, read completely: gitlab-ci-build pulls from eu-west-2's registry,
   * gitlab-ci-deploy from us-east-1's; both run as ci-task. Nothing of us-east-1 is CI but the
   * repository gitlab-ci-deploy pulls from.
   */
  private static Inventory estate(String... errors) {
    String json = """
        {"schemaVersion": 1, "meta": {"accountId": "%s", "regions": ["%s", "%s"], "collectionMillis": 0},
         "taskDefinitions": [%s, %s], "ecrRepositories": [%s, %s], "iamRoles": [%s], "collectionErrors": [%s]}"""
        .formatted(ACCOUNT, EU, US, taskDefinition("gitlab-ci-build", "build", image(EU)),
            taskDefinition("gitlab-ci-deploy", "deploy", image(US)), repository(EU), repository(US), ROLE_JSON,
            String.join(",", errors));
    return InventoryJson.read("estate.json", json.getBytes(StandardCharsets.UTF_8));
  }

  /** Each finding of {@code rules} as "RULE STATUS resource", the account's as "RULE STATUS account". */
  private static List<String> findings(Inventory inv, String... rules) {
    List<String> ids = List.of(rules);
    return Evaluation.run(inv, CONFIG, List.of(), null, LocalDate.of(2026, 6, 1)).findings().stream()
        .filter(f -> ids.contains(f.ruleId()))
        .map((Finding f) -> f.ruleId() + " " + f.status() + " "
            + (f.resource().type().equals("AWS::::Account") ? "account" : f.resource().id()))
        .toList();
  }

  private static final String[] RULES = {"FCA-IMAGES-004", "FCA-IMAGES-006", "FCA-EFS-002", "FCA-IAM-002", "FCA-PUBLICIP-001"};

  @Test
  void withEveryReadDoneEachSubjectHasItsVerdict() {
    assertThat(findings(estate(), RULES)).containsExactlyInAnyOrder(
        "FCA-IMAGES-004 PASS " + td(EU, "gitlab-ci-build") + "#build",
        "FCA-IMAGES-004 PASS " + td(EU, "gitlab-ci-deploy") + "#deploy",
        "FCA-IMAGES-006 FAIL " + repo(EU),
        "FCA-IMAGES-006 FAIL " + repo(US),
        "FCA-EFS-002 NOT_APPLICABLE account",
        "FCA-IAM-002 PASS " + ROLE,
        "FCA-PUBLICIP-001 NOT_APPLICABLE account");
  }

  @Test
  void anEcsListingRefusedInOneRegionBlocksOnlyWhatReadsThatRegion() {
    Inventory inv = estate(error("ecs", "ListTaskDefinitionFamilies", US));

    assertThat(findings(inv, RULES)).containsExactlyInAnyOrder(
        // eu-west-2's own container keeps its verdict; the one pulling from us-east-1's registry reads that region.
        "FCA-IMAGES-004 PASS " + td(EU, "gitlab-ci-build") + "#build",
        "FCA-IMAGES-004 ERROR " + td(EU, "gitlab-ci-deploy") + "#deploy",
        "FCA-IMAGES-006 FAIL " + repo(EU),
        "FCA-IMAGES-006 ERROR " + repo(US),
        // No CI task definition reads us-east-1: us-east-1's unlisted ones are one ERROR for the account.
        "FCA-EFS-002 ERROR account",
        // A role gathers the task definitions of every region.
        "FCA-IAM-002 ERROR " + ROLE,
        "FCA-PUBLICIP-001 ERROR account");
  }

  @Test
  void theErrorFindingSaysWhatFailedWhereAsBefore() {
    Inventory inv = estate(error("ecs", "ListTaskDefinitionFamilies", US));
    Finding deploy = Evaluation.run(inv, CONFIG, List.of(), null, LocalDate.of(2026, 6, 1)).findings().stream()
        .filter(f -> f.ruleId().equals("FCA-IMAGES-004") && f.status().name().equals("ERROR")).findFirst().orElseThrow();
    assertThat(deploy.message()).isEqualTo("could not evaluate container gitlab-ci-deploy:1 deploy: "
        + "ecs ListTaskDefinitionFamilies failed in us-east-1 (ThrottlingException)");
    assertThat(deploy.evidence()).containsExactly(
        java.util.Map.entry("collectionError1", "ecs ListTaskDefinitionFamilies us-east-1: ThrottlingException"));
  }

  @Test
  void anErrorOfTheOtherRegionLeavesThisRegionsRepositoryAndContainersAlone() {
    Inventory inv = estate(error("ecr", "DescribeRepositories", US));

    assertThat(findings(inv, "FCA-IMAGES-004", "FCA-IMAGES-006", "FCA-IMAGES-001")).containsExactlyInAnyOrder(
        "FCA-IMAGES-004 PASS " + td(EU, "gitlab-ci-build") + "#build",
        "FCA-IMAGES-004 PASS " + td(EU, "gitlab-ci-deploy") + "#deploy",
        "FCA-IMAGES-001 PASS " + td(EU, "gitlab-ci-build") + "#build",
        "FCA-IMAGES-001 ERROR " + td(EU, "gitlab-ci-deploy") + "#deploy",
        "FCA-IMAGES-006 FAIL " + repo(EU),
        "FCA-IMAGES-006 ERROR " + repo(US));
  }

  /**
   * A registry login named by its ARN is read in the ARN's region: gitlab-ci-build of eu-west-2 logs
   * in with a secret of us-east-1, gitlab-ci-lint with one of its own region. A Secrets Manager
   * listing refused in us-east-1 blocks the first container and the us-east-1 secret, not the
   * second container or its secret.
   */
  @Test
  void aRegistryLoginOfAnotherRegionIsReadThere() {
    String usLogin = "arn:aws:secretsmanager:" + US + ":" + ACCOUNT + ":secret:ci/login-AbCdEf";
    String euLogin = "arn:aws:secretsmanager:" + EU + ":" + ACCOUNT + ":secret:ci/login-GhIjKl";
    String json = """
        {"schemaVersion": 1, "meta": {"accountId": "%s", "regions": ["%s", "%s"], "collectionMillis": 0},
         "taskDefinitions": [%s, %s],
         "secrets": [{"arn": "%s", "name": "ci/login", "region": "%s", "deleted": false},
                     {"arn": "%s", "name": "ci/login", "region": "%s", "deleted": false}],
         "collectionErrors": [%s]}"""
        .formatted(ACCOUNT, EU, US, withLogin("gitlab-ci-build", usLogin), withLogin("gitlab-ci-lint", euLogin),
            usLogin, US, euLogin, EU, error("secretsmanager", "ListSecrets", US));
    Inventory inv = InventoryJson.read("estate.json", json.getBytes(StandardCharsets.UTF_8));

    assertThat(findings(inv, "FCA-IMAGES-002", "FCA-SECRETS-001")).containsExactlyInAnyOrder(
        "FCA-IMAGES-002 ERROR " + td(EU, "gitlab-ci-build") + "#build",
        "FCA-IMAGES-002 PASS " + td(EU, "gitlab-ci-lint") + "#build",
        "FCA-SECRETS-001 ERROR " + usLogin,
        "FCA-SECRETS-001 PASS " + euLogin);
  }

  /** {@code family}:1 of eu-west-2, one container {@code build} pulling a Docker Hub image with registry login {@code login}. */
  private static String withLogin(String family, String login) {
    return """
        {"arn": "%s", "family": "%s", "revision": 1, "region": "%s", "status": "ACTIVE",
         "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc",
         "containers": [{"name": "build", "image": "docker.io/myorg/ci:1.0", "repositoryCredentialsParameter": "%s"}]}"""
        .formatted(td(EU, family), family, EU, login);
  }

  /** An error of no region (snapshots of earlier versions, a collector that failed whole) or of IAM's global endpoint. */
  @Test
  void anErrorOfNoAuditedRegionBlocksEverySubject() {
    for (String region : new String[] {null, "global"}) {
      Inventory inv = estate(error("ecs", "ListTaskDefinitionFamilies", region));
      assertThat(findings(inv, RULES)).as("region %s", region).containsExactlyInAnyOrder(
          "FCA-IMAGES-004 ERROR " + td(EU, "gitlab-ci-build") + "#build",
          "FCA-IMAGES-004 ERROR " + td(EU, "gitlab-ci-deploy") + "#deploy",
          "FCA-IMAGES-006 ERROR " + repo(EU),
          "FCA-IMAGES-006 ERROR " + repo(US),
          "FCA-EFS-002 ERROR " + td(EU, "gitlab-ci-build"),
          "FCA-EFS-002 ERROR " + td(EU, "gitlab-ci-deploy"),
          "FCA-IAM-002 ERROR " + ROLE,
          "FCA-PUBLICIP-001 ERROR account");
    }
  }
}
