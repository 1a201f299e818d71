package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.EstateKit.env;

import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.role;

import java.nio.file.Path;

/**
 * Correct. A small team: one security group for the jobs and the EFS mount targets (SSH from the
 * runner manager, NFS from the group itself), a runner manager in a private subnet reached through
 * Session Manager ({@code AmazonSSMManagedInstanceCore}) and shipping logs with the CloudWatch
 * agent ({@code CloudWatchAgentServerPolicy}), the AWS baselines AWS documents for such a host.
 * The job image is a private Docker Hub image pulled with private registry authentication
 * ({@code repositoryCredentials} naming a Secrets Manager secret by full ARN, readable by the
 * execution role alone). The config leaves {@code sshSources} and {@code nfsSources} to their
 * defaults (the runner's groups; the CI groups and subnets). A correct tool shows the baseline's
 * {@code ssm:GetParameter(s)} on every resource as advice below the gate; one group for jobs and
 * EFS may be advice too.
 */
final class SharedEfsGroupSessionManager extends CorpusEstate {
  private String runnerRole;

  SharedEfsGroupSessionManager() {
    super("ok-shared-efs-group-session-manager");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    Platform p = new Platform(kit, "gitlab-jobs").addressSpace(42, 2, false).efsSharesJobGroup(false)
        .runnerBaselines(EstateKit.SSM_MANAGED_INSTANCE_CORE, EstateKit.CLOUDWATCH_AGENT_SERVER).build();
    runnerRole = p.runnerRole;
    var dockerHub = kit.secret("gitlab-jobs/dockerhub-pull", "{\"username\":\"acmecorpci\",\"password\":\"not-read-by-the-tool\"}");
    kit.inline(p.name + "-task-execution", "pull-from-docker-hub", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"%s"}]}"""
        .formatted(dockerHub.arn()));
    String toolbox = p.jobDefinition("toolbox", kit.jobContainer("toolbox", "docker.io/acme-corp/ci-toolbox:3.19.1", p.logGroup())
        .repositoryCredentials(c -> c.credentialsParameter(dockerHub.arn()))
        .environment(env("TZ", "UTC"), env("ANSIBLE_FORCE_COLOR", "1")).build());
    p.runJobs(toolbox, 1);

    p.writeRunnerConfig(dir, toolbox);
    ConfigFiles.AuditYml config = p.config();
    config.sshSources = null;
    config.nfsSources = null;
    config.allowedRegistries = java.util.List.of(kit.registry(), "docker.io/acme-corp");
    return config.write(dir);
  }

  @Override
  Expectation expected() {
    return Expectation.passesTheGate().withAdvice(fail("FCA-IAM-013", role(runnerRole)));
  }
}
