package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.role;

import java.nio.file.Path;

/**
 * Correct. AWS services let in the way AWS documents it, each kept to this account's resources
 * (the confused-deputy guidance: aws:SourceAccount, or aws:SourceArn with this account in it):
 * the job image's repository lets CodeBuild pull for this account's projects
 * ({@code StringEquals aws:SourceAccount} and {@code ArnLike aws:SourceArn} on this account's
 * projects) and Lambda for this account's functions ({@code StringLike aws:SourceArn} on
 * {@code function:*} of this account, as AWS's Lambda templates write it); the deploy secret's
 * policy lets the execution role read it and CodeBuild for this account only. Nothing fails, at
 * the gate or below it, but the info advice every platform of the corpus gets (FCA-IAM-013: AWS's
 * execution-role policy on the execution role).
 */
final class ServicePrincipalsPinned extends CorpusEstate {
  private String executionRole;

  ServicePrincipalsPinned() {
    super("ok-service-principals-pinned");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    Platform p = new Platform(kit, "pinned-ci").addressSpace(49, 2, false).build();
    executionRole = p.executionRole;
    kit.repositoryPolicy(p.repository, """
        {"Version":"2012-10-17","Statement":[
          {"Sid":"CodeBuildPull","Effect":"Allow","Principal":{"Service":"codebuild.amazonaws.com"},
           "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer","ecr:BatchCheckLayerAvailability"],
           "Condition":{"StringEquals":{"aws:SourceAccount":"%s"},"ArnLike":{"aws:SourceArn":"%s"}}},
          {"Sid":"LambdaPull","Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},
           "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
           "Condition":{"StringLike":{"aws:sourceARN":"%s"}}}]}"""
        .formatted(EstateKit.ACCOUNT, kit.arn("codebuild", "project/*"), kit.arn("lambda", "function:*")));

    var deploy = kit.secret("pinned-ci/deploy-token", "{\"token\":\"not-read-by-the-tool\"}");
    kit.secretPolicy(deploy, """
        {"Version":"2012-10-17","Statement":[%s,
        {"Sid":"CodeBuildReads","Effect":"Allow","Principal":{"Service":"codebuild.amazonaws.com"},
          "Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"%s"}}}]}"""
        .formatted(p.executionRoleReads(), EstateKit.ACCOUNT));
    String build = p.buildFamilyReading(deploy);
    return p.writeConfigs(dir, build);
  }

  @Override
  Expectation expected() {
    return Expectation.passesTheGate().withAdvice(fail("FCA-IAM-013", role(executionRole))).andNothingElseBelowTheGate();
  }
}
