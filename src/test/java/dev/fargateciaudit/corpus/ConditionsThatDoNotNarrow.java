package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.role;

import java.nio.file.Path;

/**
 * Wrong. Three conditions that look like scoping and narrow nothing, read as AWS evaluates them:
 * <ul>
 *   <li>the runner's PassRole statement was copied from the organisation's guardrail (a
 *       {@code Deny} with {@code StringNotEquals iam:PassedToService ecs-tasks.amazonaws.com}) and
 *       turned into an {@code Allow}: it lets the runner pass the CI roles to every service
 *       <em>but</em> ECS tasks;
 *   <li>the job role's trust policy was "hardened" with {@code StringLike aws:SourceArn "*"},
 *       which every caller matches (no confused-deputy protection);
 *   <li>the execution role reads secrets with {@code Resource: "*"} "scoped" by
 *       {@code StringLike secretsmanager:SecretId "arn:aws:secretsmanager:*"}, which every
 *       secret matches.
 * </ul>
 * The last fails at the gate (a sensitive action on every resource); the first two are medium.
 */
final class ConditionsThatDoNotNarrow extends CorpusEstate {
  private String runnerRole;
  private String jobRole;
  private String executionRole;

  ConditionsThatDoNotNarrow() {
    super("bad-conditions-that-do-not-narrow");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    Platform p = new Platform(kit, "gitlab-ci")
        .passRoleCondition("{\"StringNotEquals\":{\"iam:PassedToService\":\"ecs-tasks.amazonaws.com\"}}").build();
    runnerRole = p.runnerRole;
    jobRole = p.jobRole;
    executionRole = p.executionRole;
    kit.trust(p.name + "-job", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},
          "Action":"sts:AssumeRole","Condition":{"StringLike":{"aws:SourceArn":"*"}}}]}""");
    kit.inline(p.name + "-task-execution", "read-ci-secrets", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*",
          "Condition":{"StringLike":{"secretsmanager:SecretId":"arn:aws:secretsmanager:*"}}}]}""");
    String build = p.buildFamilyWithJobs();

    return p.writeConfigs(dir, build);
  }

  @Override
  Expectation expected() {
    return Expectation.gate(fail("FCA-IAM-005", role(executionRole)))
        .withAdvice(fail("FCA-IAM-010", role(runnerRole)), fail("FCA-IAM-008", role(jobRole)));
  }
}
