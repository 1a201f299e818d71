package dev.fargateciaudit.derive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.config.CiConfig;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CI scope is a union explained per subject (issue #28): whatever runs in a CI cluster, whatever
 * its family; whatever the runner role may start in a CI cluster, run or not; every secret reference
 * resolved; and what makes the scope incomplete. Each case is a small estate, as a snapshot.
 */
class CiScopeTest {
  static final String ACCOUNT = "123456789012";
  static final String TD = "arn:aws:ecs:eu-west-2:" + ACCOUNT + ":task-definition/";
  static final String CLUSTER = "arn:aws:ecs:eu-west-2:" + ACCOUNT + ":cluster/gitlab-ci";
  static final String OTHER_CLUSTER = "arn:aws:ecs:eu-west-2:" + ACCOUNT + ":cluster/apps";
  static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/";
  static final String SECRET = "arn:aws:secretsmanager:eu-west-2:" + ACCOUNT + ":secret:";
  static final String PARAMETER = "arn:aws:ssm:eu-west-2:" + ACCOUNT + ":parameter";

  static String taskDefinition(String family, int revision, String status, String containers) {
    return """
        {"arn": "%s%s:%d", "family": "%s", "revision": %d, "region": "eu-west-2", "status": "%s",
         "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "executionRoleArn": "%sexec",
         "containers": [%s]}""".formatted(TD, family, revision, family, revision, status, ROLE, containers);
  }

  static String container(String name, String secrets) {
    return """
        {"name": "%s", "image": "123456789012.dkr.ecr.eu-west-2.amazonaws.com/ci@sha256:%s", "secrets": [%s]}"""
        .formatted(name, "ab".repeat(32), secrets);
  }

  /** The runner role, with one RunTask statement on {@code resources} under {@code condition}. */
  static String runner(String resources, String condition) {
    return """
        {"arn": "%1$sgitlab-runner", "name": "gitlab-runner",
         "assumeRolePolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
           "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
         "inlinePolicies": [{"name": "driver", "document": {"Version": "2012-10-17", "Statement": [
           {"Sid": "RunCiJobs", "Effect": "Allow", "Action": "ecs:RunTask", "Resource": %2$s, "Condition": %3$s}]}}]}"""
        .formatted(ROLE, resources, condition);
  }

  static Inventory estate(String taskDefinitions, String services, String runnerRole, String extra) {
    String json = """
        {"schemaVersion": 1,
         "meta": {"accountId": "%s", "regions": ["eu-west-2"], "collectionMillis": 0},
         "ecsClusters": [{"arn": "%s", "name": "gitlab-ci", "region": "eu-west-2", "status": "ACTIVE"},
                         {"arn": "%s", "name": "apps", "region": "eu-west-2", "status": "ACTIVE"}],
         "ecsServices": [%s],
         "taskDefinitions": [%s],
         "iamRoles": [{"arn": "%sexec", "name": "exec"}%s]%s}"""
        .formatted(ACCOUNT, CLUSTER, OTHER_CLUSTER, services, taskDefinitions, ROLE,
            runnerRole == null ? "" : ", " + runnerRole, extra);
    return InventoryJson.read("estate.json", json.getBytes(StandardCharsets.UTF_8));
  }

  static AuditConfig config(List<String> families, String runnerRole) {
    return new AuditConfig(List.of("eu-west-2"), null, new CiConfig(List.of("gitlab-ci"), families, null, runnerRole), null, null);
  }

  static Map<String, Subject> byId(Subjects subjects, SubjectType type) {
    Map<String, Subject> m = new java.util.TreeMap<>();
    for (Subject s : subjects.of(type)) m.put(s.id(), s);
    return m;
  }

  @Test
  void aServiceInACiClusterIsCiWhateverItsFamilyAndIsItsOwnSubject() {
    String service = """
        {"arn": "arn:aws:ecs:eu-west-2:%1$s:service/gitlab-ci/renovate", "name": "renovate", "region": "eu-west-2",
         "clusterArn": "%2$s", "taskDefinitionArn": "%3$srenovate-bot:1", "desiredCount": 1,
         "network": {"subnets": ["subnet-1"], "securityGroups": ["sg-1"], "assignPublicIp": "ENABLED"}},
        {"arn": "arn:aws:ecs:eu-west-2:%1$s:service/apps/web", "name": "web", "region": "eu-west-2",
         "clusterArn": "%4$s", "taskDefinitionArn": "%3$sweb:1", "desiredCount": 1}""".formatted(ACCOUNT, CLUSTER, TD, OTHER_CLUSTER);
    Inventory inv = estate(String.join(",", taskDefinition("renovate-bot", 1, "ACTIVE", container("renovate", "")),
        taskDefinition("web", 1, "ACTIVE", container("web", ""))), service, null, "");
    Subjects s = Derivation.derive(inv, config(List.of("gitlab-ci-*"), null));

    assertThat(byId(s, SubjectType.CI_TASK)).containsOnlyKeys(TD + "renovate-bot:1");
    assertThat(byId(s, SubjectType.CI_TASK).get(TD + "renovate-bot:1").scope())
        .containsExactly("used by service renovate in CI cluster gitlab-ci");
    Subject svc = byId(s, SubjectType.ECS_SERVICE).get("arn:aws:ecs:eu-west-2:" + ACCOUNT + ":service/gitlab-ci/renovate");
    assertThat(svc.resourceType()).isEqualTo("AWS::ECS::Service");
    assertThat(svc.fields()).containsEntry("assignPublicIp", "ENABLED").containsEntry("taskDefinition", "renovate-bot:1");
    assertThat(svc.scope()).containsExactly("service in CI cluster gitlab-ci (ci.clusters)");
    assertThat(byId(s, SubjectType.ECS_SERVICE)).hasSize(1);
    assertThat(byId(s, SubjectType.CONTAINER)).containsOnlyKeys(TD + "renovate-bot:1#renovate");
    assertThat(byId(s, SubjectType.CONTAINER).get(TD + "renovate-bot:1#renovate").scope())
        .containsExactly("container of CI task definition renovate-bot:1", "used by service renovate in CI cluster gitlab-ci");
  }

  @Test
  void everyActiveRevisionTheRunnerMayStartInACiClusterIsCiRunOrNot() {
    Inventory inv = estate(String.join(",",
            taskDefinition("gitlab-ci-release", 1, "INACTIVE", container("release", "")),
            taskDefinition("gitlab-ci-release", 2, "ACTIVE", container("release", "")),
            taskDefinition("gitlab-ci-release", 3, "ACTIVE", container("release", "")),
            taskDefinition("apps-web", 4, "ACTIVE", container("web", ""))), "",
        runner("\"" + TD + "gitlab-ci-*:*\"", "{\"ArnEquals\": {\"ecs:cluster\": \"" + CLUSTER + "\"}}"), "");
    Subjects s = Derivation.derive(inv, config(List.of(), ROLE + "gitlab-runner"));

    assertThat(byId(s, SubjectType.CI_TASK)).containsOnlyKeys(TD + "gitlab-ci-release:2", TD + "gitlab-ci-release:3");
    assertThat(byId(s, SubjectType.CI_TASK).get(TD + "gitlab-ci-release:2").scope()).containsExactly(
        "the runner role gitlab-runner may start it (ecs:RunTask on " + TD + "gitlab-ci-*:*, driver statement 1 (Sid RunCiJobs))");
    // With no configured families, a RunTask on named families is the scope itself: FCA-IAM-011 passes.
    Subject role = byId(s, SubjectType.ROLE).get(ROLE + "gitlab-runner");
    assertThat(role.fields().get("runTaskUnscoped")).isEqualTo(List.of());
  }

  @Test
  void aRunTaskGrantOnlyOutsideTheCiClustersStartsNothingCi() {
    Inventory inv = estate(taskDefinition("gitlab-ci-release", 1, "ACTIVE", container("release", "")), "",
        runner("\"*\"", "{\"ArnEquals\": {\"ecs:cluster\": \"" + OTHER_CLUSTER + "\"}}"), "");
    Subjects s = Derivation.derive(inv, config(List.of(), ROLE + "gitlab-runner"));
    assertThat(s.of(SubjectType.CI_TASK)).isEmpty();
    // A condition that narrows nothing (a negated operator) lets the grant reach the CI cluster too.
    Inventory anyCluster = estate(taskDefinition("gitlab-ci-release", 1, "ACTIVE", container("release", "")), "",
        runner("\"*\"", "{\"ArnNotEquals\": {\"ecs:cluster\": \"" + OTHER_CLUSTER + "\"}}"), "");
    assertThat(Derivation.derive(anyCluster, config(List.of(), ROLE + "gitlab-runner")).of(SubjectType.CI_TASK)).hasSize(1);
  }

  /**
   * A Deny of the runner role narrows what it may start only where IAM certainly refuses: in every
   * CI cluster, on the revision's own ARN. A revision it may still start stays audited.
   */
  @Test
  void aRevisionTheRunnerIsCertainlyDeniedIsNotStartableAndAnUncertainDenyKeepsItInScope() {
    String tds = String.join(",", taskDefinition("gitlab-ci-build", 1, "ACTIVE", container("build", "")),
        taskDefinition("apps-web", 4, "ACTIVE", container("web", "")));
    String inCi = "{\"ArnEquals\": {\"ecs:cluster\": \"" + CLUSTER + "\"}}";
    String allow = runner("\"" + TD + "*\"", inCi);
    String onlyCiFamily = ", {\"Sid\": \"OnlyCiFamily\", \"Effect\": \"Deny\", \"Action\": \"ecs:RunTask\", \"NotResource\": \""
        + TD + "gitlab-ci-*:*\", \"Condition\": %s}]}}]}";
    AuditConfig cfg = config(List.of(), ROLE + "gitlab-runner");

    assertThat(byId(Derivation.derive(estate(tds, "", allow, ""), cfg), SubjectType.CI_TASK))
        .containsOnlyKeys(TD + "gitlab-ci-build:1", TD + "apps-web:4");
    String denied = allow.substring(0, allow.length() - "]}}]}".length()) + onlyCiFamily.formatted("{}");
    assertThat(byId(Derivation.derive(estate(tds, "", denied, ""), cfg), SubjectType.CI_TASK))
        .containsOnlyKeys(TD + "gitlab-ci-build:1");
    // Refused only in the other cluster: the runner still starts apps-web in the CI cluster.
    String elsewhere = allow.substring(0, allow.length() - "]}}]}".length())
        + onlyCiFamily.formatted("{\"ArnEquals\": {\"ecs:cluster\": \"" + OTHER_CLUSTER + "\"}}");
    assertThat(byId(Derivation.derive(estate(tds, "", elsewhere, ""), cfg), SubjectType.CI_TASK))
        .containsOnlyKeys(TD + "gitlab-ci-build:1", TD + "apps-web:4");
  }

  @Test
  void withConfiguredFamiliesARunTaskBeyondThemIsUnscoped() {
    Inventory inv = estate(taskDefinition("gitlab-ci-build", 1, "ACTIVE", container("build", "")), "",
        runner("[\"" + TD + "gitlab-ci-*:*\", \"*\"]", "{}"), "");
    Subject role = byId(Derivation.derive(inv, config(List.of("gitlab-ci-build"), ROLE + "gitlab-runner")), SubjectType.ROLE)
        .get(ROLE + "gitlab-runner");
    assertThat(role.fields().get("runTaskUnscoped")).isEqualTo(List.of(TD + "gitlab-ci-*:*", "*"));
    assertThat(role.fields().get("runTaskUnscopedStatements")).isEqualTo(List.of("driver statement 1 (Sid RunCiJobs)"));
  }

  /**
   * GovTechSG/fargate-gitlab-runner-terraform's runner policy: RunTask, StartTask, StopTask and
   * DescribeTasks on the worker cluster's tasks and on the worker families. RunTask on a task ARN
   * starts nothing; the families are the scope.
   */
  @Test
  void aRunTaskResourceThatIsNoTaskDefinitionStartsNothing() {
    Inventory inv = estate(taskDefinition("gitlab-ci-build", 1, "ACTIVE", container("build", "")), "",
        runner("[\"arn:aws:ecs:eu-west-2:" + ACCOUNT + ":task/gitlab-ci/*\", \"" + TD + "gitlab-ci-build:*\"]", "{}"), "");
    Subject role = byId(Derivation.derive(inv, config(List.of("gitlab-ci-*"), ROLE + "gitlab-runner")), SubjectType.ROLE)
        .get(ROLE + "gitlab-runner");
    assertThat(role.fields().get("runTaskUnscoped")).isEqualTo(List.of());
    assertThat(role.fields().get("runTaskResources")).isEqualTo(List.of(TD + "gitlab-ci-build:*"));
    Inventory tasksOnly = estate(taskDefinition("gitlab-ci-build", 1, "ACTIVE", container("build", "")), "",
        runner("\"arn:aws:ecs:eu-west-2:" + ACCOUNT + ":task/gitlab-ci/*\"", "{}"), "");
    Subject none = byId(Derivation.derive(tasksOnly, config(List.of("gitlab-ci-*"), ROLE + "gitlab-runner")), SubjectType.ROLE)
        .get(ROLE + "gitlab-runner");
    assertThat(none.fields()).containsEntry("runTaskGranted", false).containsEntry("runTaskUnscoped", List.of());
  }

  /**
   * A runner manager that is itself a Fargate service (aws-samples/cdk-fargate-gitlab-runner,
   * GovTechSG/fargate-gitlab-runner-terraform) has a task role, one that is a Lambda function a
   * GitLab webhook calls (Lucas-Hughes/terraform-aws-ephemeral-ecs-runner) a function role: ECS
   * tasks and Lambda are expected trustees of the runner role, as EC2 is; another account is not.
   */
  @Test
  void aRunnerRoleMayBeTrustedByEc2OrByEcsTasksOrByLambda() {
    for (String trustee : List.of("ecs-tasks.amazonaws.com", "ec2.amazonaws.com", "lambda.amazonaws.com")) {
      Subject role = runnerTrusting("{\"Service\": \"" + trustee + "\"}");
      assertThat(role.fields()).as(trustee).containsEntry("unexpectedTrustPrincipals", List.of())
          .containsEntry("expectedTrustService", "ec2.amazonaws.com or ecs-tasks.amazonaws.com or lambda.amazonaws.com");
    }
    Subject other = runnerTrusting("{\"Service\": \"ecs-tasks.amazonaws.com\", \"AWS\": \"arn:aws:iam::999999999999:root\"}");
    assertThat(other.fields()).containsEntry("unexpectedTrustPrincipals", List.of("AWS:arn:aws:iam::999999999999:root"));
  }

  private static Subject runnerTrusting(String principal) {
    String runner = runner("\"" + TD + "gitlab-ci-*:*\"", "{}").replace("{\"Service\": \"ec2.amazonaws.com\"}", principal);
    Inventory inv = estate(taskDefinition("gitlab-ci-build", 1, "ACTIVE", container("build", "")), "", runner, "");
    return byId(Derivation.derive(inv, config(List.of("gitlab-ci-*"), ROLE + "gitlab-runner")), SubjectType.ROLE)
        .get(ROLE + "gitlab-runner");
  }

  @Test
  void everySecretReferenceIsResolvedAsEcsResolvesIt() {
    String secrets = """
        {"name": "DB", "valueFrom": "%1$sdb-AbCdEf:password::"},
        {"name": "SIGNING", "valueFrom": "%1$sdb-AbCdEf:key:AWSCURRENT:"},
        {"name": "SENTRY", "valueFrom": "%1$ssentry"},
        {"name": "OLD", "valueFrom": "%1$sold-QwErTy:password::"},
        {"name": "GONE", "valueFrom": "%1$sgone-ZxCvBn"},
        {"name": "NPM", "valueFrom": "%2$s/ci/npm/token"},
        {"name": "USER", "valueFrom": "ci-user"},
        {"name": "SONAR", "valueFrom": "%2$s/ci/sonar-token"}""".formatted(SECRET, PARAMETER);
    String metadata = """
        , "secrets": [
          {"arn": "%1$sdb-AbCdEf", "name": "db", "region": "eu-west-2", "deleted": false},
          {"arn": "%1$ssentry-PoIuYt", "name": "sentry", "region": "eu-west-2", "deleted": false},
          {"arn": "%1$sold-QwErTy", "name": "old", "region": "eu-west-2", "deleted": true}],
          "ssmParameters": [
          {"arn": "%2$s/ci/npm/token", "name": "/ci/npm/token", "region": "eu-west-2", "type": "SecureString"},
          {"arn": "%2$s/ci-user", "name": "ci-user", "region": "eu-west-2", "type": "String"}]"""
        .formatted(SECRET, PARAMETER);
    Inventory inv = estate(taskDefinition("gitlab-ci-build", 1, "ACTIVE", container("build", secrets)), "", null, metadata);
    Map<String, Subject> s = byId(Derivation.derive(inv, config(List.of("gitlab-ci-*"), null)), SubjectType.SECRET);

    assertThat(s).containsOnlyKeys(SECRET + "db-AbCdEf", SECRET + "sentry-PoIuYt", SECRET + "old-QwErTy", SECRET + "gone-ZxCvBn",
        PARAMETER + "/ci/npm/token", PARAMETER + "/ci-user", PARAMETER + "/ci/sonar-token");
    assertThat(s.get(SECRET + "db-AbCdEf").fields()).containsEntry("exists", true)
        .containsEntry("usedBy", List.of("gitlab-ci-build:1 container build (DB)", "gitlab-ci-build:1 container build (SIGNING)"));
    assertThat(s.get(SECRET + "sentry-PoIuYt").fields()).as("a partial ARN").containsEntry("exists", true);
    assertThat(s.get(SECRET + "old-QwErTy").fields()).containsEntry("exists", false).containsEntry("scheduledForDeletion", true);
    assertThat(s.get(SECRET + "gone-ZxCvBn").fields()).containsEntry("exists", false).containsEntry("scheduledForDeletion", false);
    assertThat(s.get(PARAMETER + "/ci-user").resourceType()).isEqualTo("AWS::SSM::Parameter");
    assertThat(s.get(PARAMETER + "/ci-user").fields()).as("a bare name is a parameter of the task's region")
        .containsEntry("exists", true).containsEntry("store", "ssm");
    assertThat(s.get(PARAMETER + "/ci/sonar-token").fields()).containsEntry("exists", false)
        .containsEntry("usedBy", List.of("gitlab-ci-build:1 container build (SONAR)"));
    assertThat(s.get(SECRET + "db-AbCdEf").resourceType()).isEqualTo("AWS::SecretsManager::Secret");
  }

  @Test
  void configuredReferencesThatNameNothingAndAnEmptyScopeAreGaps() {
    Inventory inv = estate("", "", null, "");
    AuditConfig cfg = new AuditConfig(List.of("eu-west-2"), null,
        new CiConfig(List.of("gitlab-ci", "gitlab-ci-prod"), List.of("gitlab-ci-nightly"), null, ROLE + "gitlab-runer"), null, null);
    assertThat(Derivation.prepare(inv, cfg).scopeGaps()).containsExactly(
        "cluster gitlab-ci-prod (ci.clusters) not found in account 123456789012, region eu-west-2",
        "no task-definition family matches gitlab-ci-nightly (ci.taskDefinitionFamilies) in account 123456789012, region eu-west-2",
        "role " + ROLE + "gitlab-runer (ci.runnerRole) not found in account 123456789012",
        "no CI task definition found in account 123456789012, region eu-west-2 (services and running tasks of 1 CI cluster(s);"
            + " families gitlab-ci-nightly; no runner config; no runner role)");
    Inventory fine = estate(taskDefinition("gitlab-ci-build", 1, "ACTIVE", container("build", "")), "", null, "");
    assertThat(Derivation.prepare(fine, config(List.of("gitlab-ci-*"), null)).scopeGaps()).isEmpty();
  }

  /**
   * A runner config says a runner exists; when its role is neither configured nor found through a
   * runner instance (a manager that is an ECS service has no instance profile: the CDK sample,
   * pahud/cdk-gitlab, GovTech's module, the course's CloudFormation), FCA-IAM-009 to -012 judge
   * nothing, so the runner's PassRole and RunTask would go unaudited behind a green gate.
   */
  @Test
  void aRunnerConfigWhoseRunnerRoleIsNeitherConfiguredNorFoundIsAGap() {
    String td = taskDefinition("gitlab-ci-build", 1, "ACTIVE", container("build", ""));
    String runnerConfig = """
        , "runnerConfig": {"cluster": "gitlab-ci", "taskDefinition": "gitlab-ci-build:1",
           "source": {"kind": "config", "file": "fargate.toml"}}""";
    Inventory managerIsAService = estate(td, "", runner("\"*\"", "{}"), runnerConfig);
    assertThat(Derivation.prepare(managerIsAService, config(List.of("gitlab-ci-*"), null)).scopeGaps()).containsExactly(
        "no runner role found for fargate.toml in account 123456789012, region eu-west-2 (no ci.runnerRole, none through the instance"
            + " profile of a running instance whose Name tag or profile says runner, and no ECS service or task in a CI cluster that runs"
            + " GitLab Runner with a task role that was read): what the runner may pass and start is not audited; name its role in ci.runnerRole");
    assertThat(Derivation.prepare(managerIsAService, config(List.of("gitlab-ci-*"), ROLE + "gitlab-runner")).scopeGaps())
        .as("the role named in ci.runnerRole").isEmpty();
    Inventory managerOnEc2 = estate(td, "", runner("\"*\"", "{}"), runnerConfig + """
        , "instances": [{"id": "i-0123456789abcdef0", "region": "eu-west-2", "state": "running",
            "instanceProfileArn": "arn:aws:iam::123456789012:instance-profile/gitlab-runner", "tags": {"Name": "gitlab-runner"}}],
          "iamInstanceProfiles": [{"arn": "arn:aws:iam::123456789012:instance-profile/gitlab-runner", "name": "gitlab-runner",
            "roleArns": ["%sgitlab-runner"]}]""".formatted(ROLE));
    assertThat(Derivation.prepare(managerOnEc2, config(List.of("gitlab-ci-*"), null)).scopeGaps())
        .as("the role of the runner instance's profile").isEmpty();
    assertThat(Derivation.prepare(estate(td, "", null, ""), config(List.of("gitlab-ci-*"), null)).scopeGaps())
        .as("no runner config: nothing says there is a runner to audit").isEmpty();
  }

  @Test
  void reasonsNameAFewAndCountTheRest() {
    Reasons r = new Reasons();
    for (String td : List.of("ci-e:1", "ci-a:1", "ci-d:1", "ci-b:1", "ci-c:1")) r.add("execution role of CI task definition", td);
    r.add("the runner role (ci.runnerRole)");
    r.add("task role of CI task definition", "ci-b:1");
    assertThat(r.sentences()).containsExactly("execution role of CI task definition ci-a:1, ci-b:1, ci-c:1 and 2 more",
        "task role of CI task definition ci-b:1", "the runner role (ci.runnerRole)");
    Reasons two = new Reasons();
    two.add("subnet of CI service", "b");
    two.add("subnet of CI service", "a");
    assertThat(two.sentences()).containsExactly("subnet of CI service a and b");
    // Made once, and again after a reason is added.
    assertThat(two.sentences()).isSameAs(two.sentences());
    two.add("subnet of CI service", "c");
    assertThat(two.sentences()).containsExactly("subnet of CI service a, b and c");
    two.add("the runner config's subnet");
    assertThat(two.sentences()).containsExactly("subnet of CI service a, b and c", "the runner config's subnet");
  }
}
