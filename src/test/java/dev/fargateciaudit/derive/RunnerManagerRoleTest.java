package dev.fargateciaudit.derive;

import static dev.fargateciaudit.derive.CiScopeTest.ACCOUNT;
import static dev.fargateciaudit.derive.CiScopeTest.CLUSTER;
import static dev.fargateciaudit.derive.CiScopeTest.ROLE;
import static dev.fargateciaudit.derive.CiScopeTest.TD;
import static dev.fargateciaudit.derive.CiScopeTest.byId;
import static dev.fargateciaudit.derive.CiScopeTest.config;
import static dev.fargateciaudit.derive.CiScopeTest.container;
import static dev.fargateciaudit.derive.CiScopeTest.estate;
import static dev.fargateciaudit.derive.CiScopeTest.taskDefinition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.inventory.Inventory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A runner manager that runs as an ECS service has no instance profile: with no ci.runnerRole, the
 * runner role is the one task role of the services and tasks in the CI clusters that run GitLab
 * Runner ({@link RunnerManagers}); several are a scope gap, never a guess.
 */
class RunnerManagerRoleTest {
  /** The driver's job: not in a configured family, so only the runner role's RunTask makes it CI. */
  static final String JOB = taskDefinition("docker-job", 1, "ACTIVE",
      "{\"name\": \"ci-coordinator\", \"image\": \"registry.gitlab.com/tmaczukin-test-projects/fargate-driver-debian:latest\"}");
  static final String RUNNER_CONFIG = """
      , "runnerConfig": {"cluster": "gitlab-ci", "source": {"kind": "config", "file": "fargate.toml"}}""";

  /** A manager's task definition: its family, its task role and its one container. */
  static String manager(String family, String taskRole, String container) {
    return """
        {"arn": "%1$s%2$s:1", "family": "%2$s", "revision": 1, "region": "eu-west-2", "status": "ACTIVE",
         "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "executionRoleArn": "%3$sexec",
         "taskRoleArn": "%3$s%4$s", "containers": [%5$s]}""".formatted(TD, family, ROLE, taskRole, container);
  }

  static String image(String image) {
    return "{\"name\": \"runner\", \"image\": \"" + image + "\"}";
  }

  static String service(String name, String family) {
    return """
        {"arn": "arn:aws:ecs:eu-west-2:%1$s:service/gitlab-ci/%2$s", "name": "%2$s", "region": "eu-west-2",
         "clusterArn": "%3$s", "taskDefinitionArn": "%4$s%5$s:1", "desiredCount": 1, "launchType": "FARGATE"}"""
        .formatted(ACCOUNT, name, CLUSTER, TD, family);
  }

  /** A manager's task role: RunTask on the driver's job family in the CI cluster, trusted by ECS tasks. */
  static String role(String name) {
    return """
        {"arn": "%1$s%2$s", "name": "%2$s",
         "assumeRolePolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
           "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
         "inlinePolicies": [{"name": "driver", "document": {"Version": "2012-10-17", "Statement": [
           {"Effect": "Allow", "Action": "ecs:RunTask", "Resource": "%3$sdocker-job:*"}]}}]}"""
        .formatted(ROLE, name, TD);
  }

  @Test
  void theOneTaskRoleOfTheServicesRunningGitlabRunnerIsTheRunnerRole() {
    Inventory inv = estate(String.join(",", JOB, manager("runner-manager", "manager-task", image("gitlab/gitlab-runner:v16.11.0"))),
        service("gitlab-runner", "runner-manager"), role("manager-task"), RUNNER_CONFIG);
    Derivation.Derived prepared = Derivation.prepare(inv, config(List.of(), null));

    assertThat(prepared.scopeGaps()).isEmpty();
    Subjects s = Derivation.derive(inv, config(List.of(), null));
    Subject role = byId(s, SubjectType.ROLE).get(ROLE + "manager-task");
    assertThat(role.fields().get("kinds")).isEqualTo(List.of("runner", "task"));
    assertThat(role.scope()).containsExactly("task role of CI task definition runner-manager:1",
        "the runner role (task role of service gitlab-runner (runner-manager:1), which runs gitlab-runner image gitlab/gitlab-runner:v16.11.0)");
    assertThat(byId(s, SubjectType.CI_TASK).get(TD + "docker-job:1").scope())
        .containsExactly("the runner role manager-task may start it (ecs:RunTask on " + TD + "docker-job:*, driver statement 1)");

    Inventory noRunnerConfig = estate(String.join(",", JOB, manager("runner-manager", "manager-task",
        image("gitlab/gitlab-runner:v16.11.0"))), service("gitlab-runner", "runner-manager"), role("manager-task"), "");
    Subjects shellExecutor = Derivation.derive(noRunnerConfig, config(List.of(), null));
    assertThat(byId(shellExecutor, SubjectType.ROLE).get(ROLE + "manager-task").fields().get("kinds"))
        .as("no runner config: a GitLab Runner service that may run its jobs itself, no runner").isEqualTo(List.of("task"));
    assertThat(byId(shellExecutor, SubjectType.CI_TASK)).doesNotContainKey(TD + "docker-job:1");
  }

  @Test
  void theDriversSettingsInAManagersEnvironmentNameItWhateverItsImage() {
    String cdkAsset = """
        {"name": "gitlab-runner", "image": "%s.dkr.ecr.eu-west-2.amazonaws.com/cdk-hnb659fds-container-assets-%s-eu-west-2:4f1c",
         "environment": [{"name": "FARGATE_CLUSTER", "classification": "plain"}, {"name": "FARGATE_REGION", "classification": "plain"},
                         {"name": "RUNNER_TAG_LIST", "classification": "plain"}]}""".formatted(ACCOUNT, ACCOUNT);
    Inventory inv = estate(String.join(",", JOB, manager("gitlab-runner", "manager-task", cdkAsset)),
        service("GitlabRunnerService", "gitlab-runner"), role("manager-task"), RUNNER_CONFIG);
    assertThat(Derivation.prepare(inv, config(List.of(), null)).scopeGaps()).isEmpty();
    assertThat(byId(Derivation.derive(inv, config(List.of(), null)), SubjectType.ROLE).get(ROLE + "manager-task").scope())
        .contains("the runner role (task role of service GitlabRunnerService (gitlab-runner:1), which sets the Fargate driver's"
            + " FARGATE_CLUSTER and FARGATE_REGION in container gitlab-runner)");
  }

  @Test
  void twoManagersWithDistinctTaskRolesAreAGapNamingBoth() {
    Inventory inv = estate(String.join(",", JOB,
            manager("manager-a", "manager-a-task", image("registry.gitlab.com/gitlab-org/gitlab-runner:alpine-v16.11.0")),
            manager("manager-b", "manager-b-task", image("registry.gitlab.com/pahud/docker-gitlab-runner-fargate-driver"))),
        service("runner-a", "manager-a") + "," + service("runner-b", "manager-b"), role("manager-a-task") + "," + role("manager-b-task"),
        RUNNER_CONFIG);
    Derivation.Derived prepared = Derivation.prepare(inv, config(List.of(), null));

    assertThat(prepared.scopeGaps()).containsExactly("several runner roles found for fargate.toml in account 123456789012,"
        + " region eu-west-2: " + ROLE + "manager-a-task (task role of service runner-a (manager-a:1), which runs gitlab-runner image"
        + " registry.gitlab.com/gitlab-org/gitlab-runner:alpine-v16.11.0); " + ROLE + "manager-b-task (task role of service runner-b"
        + " (manager-b:1), which runs gitlab-runner image registry.gitlab.com/pahud/docker-gitlab-runner-fargate-driver): what the"
        + " runner may pass and start is not audited; name one in ci.runnerRole");
    assertThat(byId(Derivation.derive(inv, config(List.of(), null)), SubjectType.CI_TASK)).doesNotContainKey(TD + "docker-job:1");
    assertThat(Derivation.prepare(inv, config(List.of(), ROLE + "manager-b-task")).scopeGaps())
        .as("the role named in ci.runnerRole").isEmpty();

    Inventory twoServicesOneRole = estate(String.join(",", JOB,
            manager("manager-a", "manager-task", image("gitlab/gitlab-runner:latest")),
            manager("manager-b", "manager-task", image("gitlab/gitlab-runner:latest"))),
        service("runner-a", "manager-a") + "," + service("runner-b", "manager-b"), role("manager-task"), RUNNER_CONFIG);
    assertThat(Derivation.prepare(twoServicesOneRole, config(List.of(), null)).scopeGaps()).as("one role, two managers").isEmpty();
  }

  @Test
  void imagesThatOnlyLookLikeGitlabRunnerAndTheDriversJobsAreNoManagers() {
    Inventory inv = estate(String.join(",", JOB,
            manager("helper", "helper-task", image("registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:x86_64-v16.11.0")),
            manager("lookalike", "lookalike-task", image("example/gitlabrunner:1")),
            manager("github", "github-task", image("myoung34/github-runner:latest")),
            manager("worker", "worker-task",
                "{\"name\": \"ci-coordinator\", \"image\": \"" + ACCOUNT + ".dkr.ecr.eu-west-2.amazonaws.com/fargate-gitlab-runner-worker:latest\"}"),
            manager("half", "half-task", container("runner", "").replace("}", ", \"environment\": [{\"name\": \"FARGATE_CLUSTER\","
                + " \"classification\": \"plain\"}]}"))),
        String.join(",", service("helper", "helper"), service("lookalike", "lookalike"), service("github", "github"),
            service("worker", "worker"), service("half", "half")),
        String.join(",", role("helper-task"), role("lookalike-task"), role("github-task"), role("worker-task"), role("half-task")),
        RUNNER_CONFIG);
    assertThat(Derivation.prepare(inv, config(List.of(), null)).scopeGaps()).containsExactly(
        "no runner role found for fargate.toml in account 123456789012, region eu-west-2 (no ci.runnerRole, none through the instance"
            + " profile of a running instance whose Name tag or profile says runner, and no ECS service or task in a CI cluster that runs"
            + " GitLab Runner with a task role that was read): what the runner may pass and start is not audited; name its role in ci.runnerRole");
  }

  @Test
  void gitlabRunnerAsAWholeWordOfTheRepositorysLastSegment() {
    assertThat(RunnerManagers.runnerImage("gitlab/gitlab-runner")).isTrue();
    assertThat(RunnerManagers.runnerImage("gitlab/gitlab-runner@sha256:" + "ab".repeat(32))).isTrue();
    assertThat(RunnerManagers.runnerImage(ACCOUNT + ".dkr.ecr.eu-west-2.amazonaws.com/fargate-gitlab-runner:latest")).isTrue();
    assertThat(RunnerManagers.runnerImage("gitlab/gitlab-runner-helper:x86_64-latest")).isFalse();
    assertThat(RunnerManagers.runnerImage("example/my-gitlab-runners:1")).isFalse();
    assertThat(RunnerManagers.runnerImage("gitlab-runner/ubuntu:22.04")).as("only the last segment").isFalse();
    assertThat(RunnerManagers.runnerImage(null)).isFalse();
  }
}
