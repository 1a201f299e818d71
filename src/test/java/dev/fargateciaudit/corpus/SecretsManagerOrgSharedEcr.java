package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.EstateKit.env;
import static dev.fargateciaudit.corpus.EstateKit.secretEnv;

import java.nio.file.Path;
import java.util.List;

/**
 * Correct. The shared-services account of an AWS Organization, three zones with a NAT gateway
 * each (three safelisted addresses). The job image lives in a repository of this account that
 * every account of the organisation may pull ({@code Principal: "*"} narrowed by
 * {@code aws:PrincipalOrgID}, as AWS documents for organisation-wide sharing). Jobs read Secrets
 * Manager secrets in every form ECS accepts: a JSON key of a full ARN ({@code ...-AbCdEf:password::}),
 * a JSON key with a version stage ({@code :passphrase:AWSCURRENT:}), a JSON key pinned to a
 * version id, and a partial ARN (no random suffix) for a secret that is one plain string. The
 * execution role reads {@code secret:ci-runners/*} only. The runner may start two families, named
 * one by one; only {@code ci-runners-node} is the runner config's and running; jobs pick
 * {@code ci-runners-deploy} with {@code FARGATE_TASK_DEFINITION}. The config names no families:
 * the scope comes from the cluster, the runner config and what the runner may start.
 */
final class SecretsManagerOrgSharedEcr extends CorpusEstate {
  static final String ORG = "o-a1b2c3d4e5";

  SecretsManagerOrgSharedEcr() {
    super("ok-secrets-manager-org-shared-ecr");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    Platform p = new Platform(kit, "ci-runners").addressSpace(41, 3, true)
        .runTaskOn(kit.arn("ecs", "task-definition/ci-runners-node:*"), kit.arn("ecs", "task-definition/ci-runners-deploy:*"))
        .build();
    kit.repositoryPolicy(p.repository, """
        {"Version":"2012-10-17","Statement":[{"Sid":"OrganisationPull","Effect":"Allow","Principal":"*",
          "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer","ecr:BatchCheckLayerAvailability"],
          "Condition":{"StringEquals":{"aws:PrincipalOrgID":"%s"}}}]}""".formatted(ORG));

    var database = kit.secret("ci-runners/deploy/database", "{\"username\":\"deployer\",\"password\":\"not-read-by-the-tool\"}");
    var signing = kit.secret("ci-runners/release/signing", "{\"gpg_key\":\"-----BEGIN PGP...\",\"passphrase\":\"not-read\"}");
    var npm = kit.secret("ci-runners/npm", "{\"token\":\"not-read-by-the-tool\"}");
    var sentry = kit.secret("ci-runners/sentry-auth-token", "not-read-by-the-tool");
    kit.inline(p.name + "-task-execution", "read-ci-secrets", """
        {"Version":"2012-10-17","Statement":[{"Sid":"CiSecrets","Effect":"Allow","Action":"secretsmanager:GetSecretValue",
          "Resource":"%s"}]}""".formatted(kit.arn("secretsmanager", "secret:ci-runners/*")));

    String node = p.jobDefinition("node", p.jobContainer("node")
        .environment(env("NODE_OPTIONS", "--max-old-space-size=3072"), env("npm_config_cache", "/builds/.npm"))
        .secrets(secretEnv("NPM_TOKEN", npm.arn() + ":token::" + npm.versionId()),
            secretEnv("SENTRY_AUTH_TOKEN", sentry.partialArn())).build());
    p.jobDefinition("deploy", p.jobContainer("deploy")
        .secrets(secretEnv("DB_PASSWORD", database.arn() + ":password::"),
            secretEnv("GPG_PASSPHRASE", signing.arn() + ":passphrase:AWSCURRENT:")).build());
    p.runJobs(node, 1);

    p.writeRunnerConfig(dir, node);
    ConfigFiles.AuditYml config = p.config();
    config.families = null;
    config.nfsSources = List.of(p.jobGroup);
    return config.write(dir);
  }

  @Override
  Expectation expected() {
    return Expectation.passesTheGate();
  }
}
