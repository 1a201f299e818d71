package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.EstateKit.env;
import static dev.fargateciaudit.corpus.EstateKit.secretEnv;

import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Correct. A platform team's estate in two availability zones behind one NAT gateway, whose jobs
 * read their tokens from Parameter Store, as most teams on ECS start out: a SecureString under a
 * customer key referenced by ARN, another by its hierarchical name, a plain String by its flat
 * name (ECS accepts a bare name for a parameter in the task's region). The execution role has
 * {@code AmazonECSTaskExecutionRolePolicy} plus {@code ssm:GetParameters} on those parameters and
 * {@code kms:Decrypt} on the key through SSM only. The image is a private ECR image pinned by
 * digest. Two job families ({@code gitlab-ci-build}, {@code gitlab-ci-deploy}) match the
 * configured {@code gitlab-ci-*}; a third family, {@code efs-cache-janitor}, runs in the CI
 * cluster on a schedule (EventBridge) and is named nowhere in the config: it is in scope because it
 * runs there, and it is clean (no inbound rule, encrypted mount, the same private image).
 * The runner manager ships its logs with the CloudWatch agent. Every config key is set.
 */
final class ParameterStoreTwoZones extends CorpusEstate {
  ParameterStoreTwoZones() {
    super("ok-parameter-store-two-zones");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    Platform p = new Platform(kit, "gitlab-ci").addressSpace(40, 2, false).build();
    kit.attach(Platform.RUNNER, EstateKit.CLOUDWATCH_AGENT_SERVER);
    String key = kit.arn("kms", "key/3f6c1a52-8d4e-4b7a-9c1e-2a5b7d9e0f13");
    String npm = kit.parameter("/gitlab-ci/npm/token", ParameterType.SECURE_STRING, key, "npm_value_not_read_by_the_tool");
    kit.parameter("/gitlab-ci/sonar/token", ParameterType.SECURE_STRING, key, "sonar_value_not_read_by_the_tool");
    kit.parameter("ci-artifactory-user", ParameterType.STRING, null, "ci-bot");
    kit.inline(p.name + "-task-execution", "read-ci-parameters", """
        {"Version":"2012-10-17","Statement":[
          {"Sid":"CiParameters","Effect":"Allow","Action":"ssm:GetParameters",
           "Resource":["%s","%s"]},
          {"Sid":"CiParameterKey","Effect":"Allow","Action":"kms:Decrypt","Resource":"%s",
           "Condition":{"StringEquals":{"kms:ViaService":"ssm.%s.amazonaws.com"}}}]}"""
        .formatted(kit.arn("ssm", "parameter/gitlab-ci/*"), kit.arn("ssm", "parameter/ci-artifactory-user"), key, kit.region));

    String build = p.jobDefinition("build", p.jobContainer("build")
        .environment(env("GIT_DEPTH", "20"), env("NODE_ENV", "ci"), env("TZ", "Europe/London"))
        .secrets(secretEnv("NPM_TOKEN", npm), secretEnv("SONAR_TOKEN", "/gitlab-ci/sonar/token"),
            secretEnv("ARTIFACTORY_USER", "ci-artifactory-user")).build());
    p.jobDefinition("deploy", p.jobContainer("deploy")
        .environment(env("DEPLOY_ENVIRONMENT", "staging")).secrets(secretEnv("NPM_TOKEN", npm)).build());
    p.runJobs(build, 1);

    String janitorGroup = kit.securityGroup(p.net.vpc(), "efs-cache-janitor", "Scheduled EFS cache clean-up: no inbound");
    kit.allowTcpFromGroup(p.efsGroup, 2049, janitorGroup, "NFS from the cache janitor");
    String janitorRole = kit.role("efs-cache-janitor", kit.ecsTasksTrust());
    kit.inline("efs-cache-janitor", "builds-volume", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
          "Action":["elasticfilesystem:ClientMount","elasticfilesystem:ClientWrite"],"Resource":"%s"}]}""".formatted(p.fs.arn()));
    String janitor = kit.taskDefinition("efs-cache-janitor", p.executionRole, janitorRole, p.fs,
        kit.jobContainer("janitor", p.image(), p.logGroup()).portMappings(List.of())
            .command("find", "/builds", "-mtime", "+14", "-delete").build());
    kit.aws.ecs.runTask(r -> r.cluster(p.cluster).taskDefinition(janitor).launchType("FARGATE").count(1)
        .startedBy("events-rule/efs-cache-janitor").networkConfiguration(n -> n.awsvpcConfiguration(a -> a
            .subnets(p.net.ciSubnets().get(1)).securityGroups(janitorGroup).assignPublicIp("DISABLED"))));

    p.writeRunnerConfig(dir, build);
    ConfigFiles.AuditYml config = p.config();
    config.nfsSources = List.of(p.jobGroup, janitorGroup);
    return config.write(dir);
  }

  @Override
  Expectation expected() {
    return Expectation.passesTheGate();
  }
}
