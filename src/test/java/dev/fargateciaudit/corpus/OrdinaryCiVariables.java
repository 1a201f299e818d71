package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.EstateKit.env;
import static dev.fargateciaudit.corpus.EstateKit.secretEnv;

import java.nio.file.Path;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Correct. A monorepo team in one zone whose build job carries the ordinary CI settings such a job
 * accumulates: the cache bucket named after the account, a pinned tool's SHA-256, a base image by
 * digest, registry paths, a ULID batch id, a git SHA, a UUID, a KMS key ARN, an internal URL
 * without credentials, paths, durations, numbers. They look random; none is a secret. Its one
 * token comes from Parameter Store.
 */
final class OrdinaryCiVariables extends CorpusEstate {
  OrdinaryCiVariables() {
    super("ok-ordinary-ci-variables");
  }

  /** The build job's plain environment. */
  static KeyValuePair[] variables(EstateKit kit, Platform p) {
    return new KeyValuePair[] {
        env("CI_CACHE_BUCKET", "gitlab-ci-cache-" + EstateKit.ACCOUNT),
        env("CACHE_S3_SERVER_ADDRESS", "s3." + kit.region + ".amazonaws.com"),
        env("TERRAFORM_VERSION", "1.9.8"),
        env("TERRAFORM_SHA256", "186e0145f5e5f2eb97cbd785bc78f21bae4ef15119349f6ad4fa535b35ba3f9e"),
        env("BASE_IMAGE", p.image()),
        env("BASE_IMAGE_DIGEST", p.imageDigest),
        env("DOCKER_REGISTRY_PATH", kit.registry() + "/build-fleet/apps"),
        env("BUILD_BATCH_ID", "01JDQ6W9ZKX3H8E2R7M4N5P0TB"),
        env("SENTRY_RELEASE", "4f9c2e1b7a3d5f8e0c6b9a2d4e7f1c3b5a8d0e2f"),
        env("CACHE_KEY_PREFIX", "3b1f6c2e-9d4a-4e8b-a7c5-1f2d3e4b5a6c"),
        env("ARTIFACTS_KMS_KEY_ARN", kit.arn("kms", "key/9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b")),
        env("SONAR_HOST_URL", "https://sonarqube.internal.example.com"),
        env("GRADLE_OPTS", "-Dorg.gradle.daemon=false -Dorg.gradle.caching=true"),
        env("DOCKER_CONFIG", "/builds/.docker"),
        env("GOFLAGS", "-mod=readonly"),
        env("FF_USE_FASTZIP", "true"),
        env("TRANSFER_METER_FREQUENCY", "5s"),
        env("JOB_TIMEOUT_SECONDS", "3600")};
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    Platform p = new Platform(kit, "build-fleet").addressSpace(43, 1, false).build();
    String token = kit.parameter("/build-fleet/github/token", ParameterType.SECURE_STRING, null, "not-read-by-the-tool");
    kit.inline(p.name + "-task-execution", "read-build-parameters", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:GetParameters","Resource":"%s"}]}"""
        .formatted(kit.arn("ssm", "parameter/build-fleet/*")));
    String monorepo = p.jobDefinition("monorepo", p.jobContainer("build")
        .environment(variables(kit, p)).secrets(secretEnv("GITHUB_TOKEN", token)).build());
    p.runJobs(monorepo, 2);

    return p.writeConfigs(dir, monorepo);
  }

  @Override
  Expectation expected() {
    return Expectation.passesTheGate();
  }
}
