package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.EstateKit.secretEnv;
import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.parameter;
import static dev.fargateciaudit.corpus.Resource.secret;

import java.nio.file.Path;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Wrong. Two secret references of the build job point at nothing usable, and jobs would fail to
 * start with {@code ResourceInitializationError}: the SonarQube token was stored as
 * {@code /gitlab-ci/sonarqube/token} but the task definition asks for
 * {@code /gitlab-ci/sonar-token} (by ARN); and the staging database secret was moved to
 * {@code gitlab-ci/staging/db}, the old {@code gitlab-ci/staging-db} scheduled for deletion (7
 * days), while the task definition still reads its {@code password} key. The NPM token reference
 * is fine. A correct tool fails each bad reference on the reference: the missing parameter as
 * written, the scheduled secret by its ARN.
 */
final class MissingParameterDeletedSecret extends CorpusEstate {
  private String missingParameter;
  private String scheduledSecret;

  MissingParameterDeletedSecret() {
    super("bad-missing-parameter-deleted-secret");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    Platform p = new Platform(kit, "gitlab-ci").build();
    String npm = kit.parameter("/gitlab-ci/npm/token", ParameterType.SECURE_STRING, null, "not-read-by-the-tool");
    kit.parameter("/gitlab-ci/sonarqube/token", ParameterType.SECURE_STRING, null, "not-read-by-the-tool");
    missingParameter = kit.arn("ssm", "parameter/gitlab-ci/sonar-token");
    var old = kit.secret("gitlab-ci/staging-db", "{\"username\":\"ci\",\"password\":\"not-read-by-the-tool\"}");
    kit.secret("gitlab-ci/staging/db", "{\"username\":\"ci\",\"password\":\"not-read-by-the-tool\"}");
    kit.scheduleDeletion(old, 7);
    scheduledSecret = old.arn();
    kit.inline(p.name + "-task-execution", "read-ci-secrets", """
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":"ssm:GetParameters","Resource":"%s"},
          {"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"%s"}]}"""
        .formatted(kit.arn("ssm", "parameter/gitlab-ci/*"), kit.arn("secretsmanager", "secret:gitlab-ci/*")));
    String build = p.jobDefinition("build", p.jobContainer("build").secrets(
        secretEnv("NPM_TOKEN", npm),
        secretEnv("SONAR_TOKEN", missingParameter),
        secretEnv("STAGING_DB_PASSWORD", old.arn() + ":password::")).build());
    p.runJobs(build, 1);

    return p.writeConfigs(dir, build);
  }

  @Override
  Expectation expected() {
    return Expectation.gate(
        fail("FCA-SECRETS-001", parameter(missingParameter)),
        fail("FCA-SECRETS-001", secret(scheduledSecret)));
  }
}
