package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.role;

import java.nio.file.Path;

/**
 * Correct. A team that gives the auditor only its region and the runner's {@code fargate.toml}:
 * the cluster, the families, the runner role (from the runner manager's instance profile), the
 * SSH and NFS sources and the egress address (exactly one) are all inferred. One group for jobs
 * and EFS, accepting NFS from the CI subnets' CIDRs. The runner manager has the Session Manager and
 * CloudWatch agent baselines; its driver policy allows RunTask on {@code gitlab-fargate-*} in the
 * CI cluster and PassRole on the CI roles to ECS tasks, and a guardrail statement denies passing
 * any role to another service ({@code Deny} with {@code StringNotEquals iam:PassedToService}: the
 * correct use of that operator). As in {@link SharedEfsGroupSessionManager}, the Session Manager
 * baseline is advice below the gate.
 */
final class MinimalConfig extends CorpusEstate {
  private String runnerRole;

  MinimalConfig() {
    super("ok-minimal-config");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    Platform p = new Platform(kit, "gitlab-fargate").addressSpace(45, 2, false).efsSharesJobGroup(true)
        .runnerBaselines(EstateKit.SSM_MANAGED_INSTANCE_CORE, EstateKit.CLOUDWATCH_AGENT_SERVER).build();
    runnerRole = p.runnerRole;
    kit.inline(Platform.RUNNER, "guardrails", """
        {"Version":"2012-10-17","Statement":[{"Sid":"PassRolesToEcsTasksOnly","Effect":"Deny","Action":"iam:PassRole",
          "Resource":"*","Condition":{"StringNotEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}}]}""");
    String build = p.buildFamilyWithJobs();
    p.jobDefinition("e2e", p.jobContainer("e2e").cpu(512).build());

    p.writeRunnerConfig(dir, build);
    ConfigFiles.AuditYml config = new ConfigFiles.AuditYml();
    config.runnerConfig = "fargate.toml";
    return config.write(dir);
  }

  @Override
  Expectation expected() {
    return Expectation.passesTheGate().withAdvice(fail("FCA-IAM-013", role(runnerRole)));
  }
}
