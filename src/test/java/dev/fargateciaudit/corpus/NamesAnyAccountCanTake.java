package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.repository;
import static dev.fargateciaudit.corpus.Resource.role;

import java.nio.file.Path;

/**
 * Wrong. Conditions that name the CI roles and tasks by a name, in any account:
 * <ul>
 *   <li>the job image's repository lets every principal pull when its role is named
 *       {@code ci-*} ({@code ArnLike aws:PrincipalArn arn:aws:iam::*:role/ci-*}): any account can
 *       create a role of that name, so the image (and what it carries) is public;
 *   <li>the job role's trust policy admits ECS tasks whose ARN is
 *       {@code arn:aws:ecs:*:*:task/ci-*}: another account's cluster {@code ci-x} matches it
 *       (no confused-deputy protection).
 * </ul>
 * The first fails at the gate, the second is medium.
 */
final class NamesAnyAccountCanTake extends CorpusEstate {
  private String jobRole;
  private String repositoryArn;

  NamesAnyAccountCanTake() {
    super("bad-names-any-account-can-take");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    Platform p = new Platform(kit, "named-ci").addressSpace(48, 2, false).build();
    jobRole = p.jobRole;
    repositoryArn = p.repository.arn();
    kit.repositoryPolicy(p.repository, """
        {"Version":"2012-10-17","Statement":[{"Sid":"PullByCiRoles","Effect":"Allow","Principal":"*",
          "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
          "Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/ci-*"}}}]}""");
    kit.trust(p.name + "-job", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},
          "Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:ecs:*:*:task/ci-*"}}}]}""");
    String build = p.buildFamilyWithJobs();
    return p.writeConfigs(dir, build);
  }

  @Override
  Expectation expected() {
    return Expectation.gate(fail("FCA-IMAGES-005", repository(repositoryArn)))
        .withAdvice(fail("FCA-IAM-008", role(jobRole)));
  }
}
