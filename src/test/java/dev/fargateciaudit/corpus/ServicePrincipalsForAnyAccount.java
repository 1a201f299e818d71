package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.repository;
import static dev.fargateciaudit.corpus.Resource.role;
import static dev.fargateciaudit.corpus.Resource.secret;

import java.nio.file.Path;

/**
 * Wrong. AWS services let in for whoever uses them (the confused deputy):
 * <ul>
 *   <li>the job image's repository lets CodeBuild pull with no condition, as a quick-start does
 *       it: any account's CodeBuild project can use the CI image as its build environment;
 *   <li>the deploy secret's policy lets CodeBuild read it for projects named {@code ci-*}
 *       ({@code ArnLike aws:SourceArn arn:aws:codebuild:*:*:project/ci-*}): any account can name
 *       a project so.
 * </ul>
 * Both are medium: nothing fails at the gate, and below it nothing else but the corpus's info
 * advice on the execution role (FCA-IAM-013).
 */
final class ServicePrincipalsForAnyAccount extends CorpusEstate {
  private String repositoryArn;
  private String secretArn;
  private String executionRole;

  ServicePrincipalsForAnyAccount() {
    super("bad-service-principals-for-any-account");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    Platform p = new Platform(kit, "deputy-ci").addressSpace(50, 2, false).build();
    repositoryArn = p.repository.arn();
    executionRole = p.executionRole;
    kit.repositoryPolicy(p.repository, """
        {"Version":"2012-10-17","Statement":[{"Sid":"CodeBuildPull","Effect":"Allow","Principal":{"Service":"codebuild.amazonaws.com"},
          "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer","ecr:BatchCheckLayerAvailability"]}]}""");

    var deploy = kit.secret("deputy-ci/deploy-token", "{\"token\":\"not-read-by-the-tool\"}");
    secretArn = deploy.arn();
    kit.secretPolicy(deploy, """
        {"Version":"2012-10-17","Statement":[%s,
        {"Sid":"CiProjectsRead","Effect":"Allow","Principal":{"Service":"codebuild.amazonaws.com"},
          "Action":"secretsmanager:GetSecretValue","Resource":"*",
          "Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:codebuild:*:*:project/ci-*"}}}]}""".formatted(p.executionRoleReads()));
    String build = p.buildFamilyReading(deploy);
    return p.writeConfigs(dir, build);
  }

  @Override
  Expectation expected() {
    return Expectation.passesTheGate()
        .withAdvice(fail("FCA-IMAGES-010", repository(repositoryArn)), fail("FCA-SECRETS-003", secret(secretArn)),
            fail("FCA-IAM-013", role(executionRole)))
        .andNothingElseBelowTheGate();
  }
}
