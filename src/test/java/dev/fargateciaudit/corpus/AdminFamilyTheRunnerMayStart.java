package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.role;

import java.nio.file.Path;

/**
 * Wrong. The runner may start {@code task-definition/gitlab-ci-*:*} in the CI cluster and pass
 * {@code role/gitlab-ci-*} to ECS tasks, as many driver policies are written. The runner config
 * names {@code gitlab-ci-build}; the audit config names no families. The release team registered
 * {@code gitlab-ci-release}, which jobs pick with {@code FARGATE_TASK_DEFINITION}, with a task role
 * holding {@code AdministratorAccess} ("release needs everything"). It has never run while the
 * audit looked, so only the runner's RunTask grant makes it CI. A correct tool audits it and fails
 * its role: a broad managed policy, a full wildcard, sensitive actions on every resource, image
 * reads on every repository (every job of the family may pull every private image), and
 * privilege escalation. The runner's own grants are right (family-scoped, cluster-conditioned,
 * PassRole limited to ECS tasks and to roles that are all CI roles).
 */
final class AdminFamilyTheRunnerMayStart extends CorpusEstate {
  private String releaseRole;

  AdminFamilyTheRunnerMayStart() {
    super("bad-admin-family-the-runner-may-start");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    Platform p = new Platform(kit, "gitlab-ci").passRoleOn(EstateKit.iamRole("gitlab-ci-*")).build();
    String build = p.buildFamilyWithJobs();
    releaseRole = kit.role("gitlab-ci-release", kit.ecsTasksTrust());
    kit.attach("gitlab-ci-release", EstateKit.ADMINISTRATOR_ACCESS);
    kit.taskDefinition("gitlab-ci-release", p.executionRole, releaseRole, p.fs,
        p.jobContainer("release").environment(EstateKit.env("RELEASE_CLI_VERSION", "v0.18.0")).build());

    p.writeRunnerConfig(dir, build);
    ConfigFiles.AuditYml config = p.config();
    config.families = null;
    return config.write(dir);
  }

  @Override
  Expectation expected() {
    return Expectation.gate(
        fail("FCA-IAM-001", role(releaseRole)),
        fail("FCA-IAM-002", role(releaseRole)),
        fail("FCA-IAM-005", role(releaseRole)),
        fail("FCA-IAM-006", role(releaseRole)),
        fail("FCA-IAM-014", role(releaseRole)));
  }
}
