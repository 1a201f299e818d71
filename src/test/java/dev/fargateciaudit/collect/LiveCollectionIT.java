package dev.fargateciaudit.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.config.ConfigLoader;
import dev.fargateciaudit.inventory.IamRole;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryJson;
import dev.fargateciaudit.inventory.SecurityGroup;
import dev.fargateciaudit.rules.Evaluation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Live collection against moto: content of the inventory, and exactly the documented calls. */
class LiveCollectionIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  static LiveOptions options(String... regions) {
    return new LiveOptions(List.of(regions), null, 8, 3, Duration.ofSeconds(5), Duration.ofSeconds(30), false, null);
  }

  @Test
  void blogEstateIsCollectedWithTheDocumentedCalls() {
    Estate e;
    try (Estate estate = new Estate(MOTO.endpoint(), "eu-west-2").blog()) {
      e = estate;
    }
    Inventory inv = LiveCollection.collect(AuditConfig.DEFAULTS, options("eu-west-2"));

    assertThat(inv.collectionErrors()).isEmpty();
    assertThat(inv.meta().accountId()).isEqualTo(Estate.ACCOUNT);
    assertThat(inv.meta().source()).isEqualTo("live");
    assertThat(inv.ecsClusters()).extracting(c -> c.arn()).containsExactly(e.cluster);
    assertThat(inv.ecsTasks()).extracting(t -> t.arn()).containsExactlyInAnyOrderElementsOf(e.taskArns);
    assertThat(inv.taskDefinitions()).singleElement().satisfies(td -> {
      assertThat(td.arn()).isEqualTo(e.taskDefinitionArn);
      assertThat(td.containers().get(0).repositoryCredentialsParameter()).isEqualTo(e.secretArn);
      assertThat(td.containers().get(0).environment()).extracting(v -> v.name() + "=" + v.classification())
          .containsExactly("GITLAB_TOKEN=token", "LOG_LEVEL=plain");
      assertThat(td.volumes().get(0).efs().transitEncryption()).isEqualTo("DISABLED");
    });
    assertThat(inv.subnets()).extracting(s -> s.id()).containsExactly(e.ciSubnet);
    assertThat(inv.routeTables()).anySatisfy(t -> {
      assertThat(t.subnetIds()).contains(e.ciSubnet);
      assertThat(t.routes()).anySatisfy(r -> {
        assertThat(r.destinationCidr()).isEqualTo("0.0.0.0/0");
        assertThat(r.targetKind()).isEqualTo("igw");
        assertThat(r.targetId()).isEqualTo(e.igw);
      });
    });
    assertThat(inv.natGateways()).isEmpty();
    assertThat(inv.securityGroups()).extracting(SecurityGroup::id).containsExactlyInAnyOrder(e.taskSg, e.efsSg, e.runnerSg);
    assertThat(inv.securityGroups()).filteredOn(g -> g.id().equals(e.taskSg)).singleElement()
        .satisfies(g -> assertThat(g.inbound()).extracting(r -> r.fromPort() + " " + r.source())
            .containsExactlyInAnyOrder("22 0.0.0.0/0", "2049 0.0.0.0/0"));
    assertThat(inv.efsFileSystems()).singleElement().satisfies(f -> {
      assertThat(f.id()).isEqualTo(e.fileSystem);
      assertThat(f.encrypted()).isFalse();
      assertThat(f.policy()).isNull();
    });
    assertThat(inv.efsMountTargets()).singleElement().satisfies(m -> assertThat(m.securityGroupIds()).containsExactly(e.efsSg));
    assertThat(inv.secrets()).singleElement().satisfies(s -> assertThat(s.arn()).isEqualTo(e.secretArn));
    assertThat(inv.instances()).extracting(i -> i.id()).containsExactly(e.runnerInstance);
    assertThat(inv.iamInstanceProfiles()).singleElement().satisfies(p -> assertThat(p.roleArns()).containsExactly(e.runnerRole));
    assertThat(inv.iamRoles()).extracting(IamRole::arn).containsExactlyInAnyOrder(e.executionRole, e.runnerRole);
    IamRole exec = inv.iamRoles().stream().filter(r -> r.arn().equals(e.executionRole)).findFirst().orElseThrow();
    assertThat(exec.attachedPolicies()).extracting(p -> p.name())
        .containsExactlyInAnyOrder("SecretsManagerReadWrite", "AmazonS3FullAccess");
    assertThat(exec.attachedPolicies()).allSatisfy(p -> assertThat(p.document().path("Statement").isArray()).isTrue());
    assertThat(exec.inlinePolicies()).singleElement().satisfies(p ->
        assertThat(p.document().path("Statement").get(0).path("Resource").asText()).isEqualTo("*"));
    assertThat(exec.assumeRolePolicy().path("Statement").get(0).path("Principal").path("Service").asText())
        .isEqualTo("ecs-tasks.amazonaws.com");

    assertThat(ServiceCollectors.iamActions()).as("every operation the SDK sent is in iam-policy")
        .containsAll(inv.meta().apiCalls().keySet());
    String json = InventoryJson.toJson(inv);
    assertThat(json).doesNotContain(Estate.CANARY).doesNotContain("\"username\"");

    assertThat(inv.meta().apiCalls()).isEqualTo(CallFormula.expected(
        List.of(new CallFormula.Region(1, List.<int[]>of(new int[] {0, 1}), 1, 1, 1, 1, 0, 1, 1, false, 0, 0, 0, 3, 1, 1, 0)),
        new CallFormula.Iam(1, 2, 1, 3)));
  }

  @Test
  void severalClustersPagesAndTwoRegionsWithTheDocumentedCalls() {
    Estate blog;
    Estate hardened;
    try (Estate a = new Estate(MOTO.endpoint(), "eu-west-2"); Estate b = new Estate(MOTO.endpoint(), "us-east-1")) {
      blog = a.blog().services(101).tasks(100);
      hardened = b.build(true, "-use1").emptyClusters(100);
    }
    LiveCollection.Run run = LiveCollection.run(AuditConfig.DEFAULTS, options("eu-west-2", "us-east-1"), null);
    Inventory inv = run.inventory();

    assertThat(inv.collectionErrors()).isEmpty();
    assertThat(inv.meta().regions()).containsExactly("eu-west-2", "us-east-1");
    assertThat(inv.ecsClusters()).hasSize(102);
    assertThat(inv.ecsServices()).hasSize(101).allSatisfy(s -> assertThat(s.network().subnets()).containsExactly(blog.ciSubnet));
    assertThat(inv.ecsTasks()).hasSize(102);
    assertThat(inv.taskDefinitions()).extracting(t -> t.arn())
        .containsExactlyInAnyOrder(blog.taskDefinitionArn, hardened.taskDefinitionArn);
    assertThat(inv.natGateways()).singleElement().satisfies(n -> {
      assertThat(n.id()).isEqualTo(hardened.nat);
      assertThat(n.region()).isEqualTo("us-east-1");
      assertThat(n.addresses()).extracting(a -> a.allocationId()).containsExactly(hardened.eip);
    });
    assertThat(inv.elasticIps()).extracting(a -> a.allocationId()).containsExactly(hardened.eip);
    assertThat(inv.subnets()).extracting(s -> s.id())
        .containsExactlyInAnyOrder(blog.ciSubnet, hardened.ciSubnet, hardened.publicSubnet);
    assertThat(inv.ecrRepositories()).singleElement().satisfies(r -> assertThat(r.name()).isEqualTo("ci-image-use1"));
    assertThat(inv.efsFileSystems()).extracting(f -> f.id() + " " + f.encrypted())
        .containsExactlyInAnyOrder(blog.fileSystem + " false", hardened.fileSystem + " true");
    assertThat(inv.iamRoles()).hasSize(4);

    assertThat(inv.meta().apiCalls()).isEqualTo(CallFormula.expected(List.of(
            new CallFormula.Region(1, List.<int[]>of(new int[] {101, 101}), 1, 1, 1, 1, 0, 101, 1, false, 0, 0, 0, 3, 1, 1, 0),
            new CallFormula.Region(101, clusters(new int[] {0, 1}, 100), 1, 1, 1, 0, 1, 1, 1, true, 1, 1, 0, 3, 1, 1, 0)),
        new CallFormula.Iam(2, 4, 3, 4)));
    assertThat(ServiceCollectors.iamActions()).containsAll(inv.meta().apiCalls().keySet());
    System.out.printf("two regions: %d calls, wall %d ms, per-service sum %d ms%n",
        inv.meta().totalApiCalls(), run.wallMillis(), run.sequentialMillis());
  }

  /**
   * A registry login of the same name in two regions, which each region's task definition names by
   * name: ECS resolves a name in the task definition's region, so each region's secret (here one
   * with a public policy, one with none) is read, and K counts the reference in each region.
   */
  @Test
  void aSecretNamedAlikeInTwoRegionsIsReadInEachRegion() {
    Estate eu;
    Estate us;
    try (Estate a = new Estate(MOTO.endpoint(), "eu-west-2"); Estate b = new Estate(MOTO.endpoint(), "us-east-1")) {
      eu = a.registryLoginNamed("ci/registry-login").blog();
      us = b.registryLoginNamed("ci/registry-login").build(false, "-use1");
      b.sm.putResourcePolicy(r -> r.secretId(us.secretArn).resourcePolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{"
          + "\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"*\"}]}"));
    }
    Inventory inv = LiveCollection.collect(AuditConfig.DEFAULTS, options("eu-west-2", "us-east-1"));

    assertThat(inv.collectionErrors()).isEmpty();
    assertThat(inv.taskDefinitions()).extracting(t -> t.region() + " " + t.containers().get(0).repositoryCredentialsParameter())
        .containsExactlyInAnyOrder("eu-west-2 ci/registry-login", "us-east-1 ci/registry-login");
    assertThat(inv.secrets()).extracting(s -> s.region() + " " + s.name() + " " + s.arn() + " policy " + (s.resourcePolicy() != null))
        .containsExactlyInAnyOrder("eu-west-2 ci/registry-login " + eu.secretArn + " policy false",
            "us-east-1 ci/registry-login " + us.secretArn + " policy true");
    CallFormula.Region blog = new CallFormula.Region(1, List.<int[]>of(new int[] {0, 1}), 1, 1, 1, 1, 0, 1, 1, false, 0, 0, 0, 3, 1, 1, 0);
    assertThat(inv.meta().apiCalls()).isEqualTo(CallFormula.expected(List.of(blog, blog), new CallFormula.Iam(2, 4, 2, 3)));
  }

  /**
   * A repository of the same name in two regions, each region's CI image pulled from its own
   * (eu-west-2's through the registry's FIPS host): each is read in its image's registry, with its
   * own policy, and the audit judges each image's own repository (here us-east-1's is public).
   */
  @Test
  void aRepositoryNamedAlikeInTwoRegionsIsReadInEachImagesRegistry() {
    Estate eu;
    Estate us;
    try (Estate a = new Estate(MOTO.endpoint(), "eu-west-2"); Estate b = new Estate(MOTO.endpoint(), "us-east-1")) {
      eu = a.imageFromFipsHost().hardened();
      us = b.imageRepositoryNamed("ci-image").build(true, "-use1");
      b.ecr.setRepositoryPolicy(r -> r.repositoryName("ci-image").policyText("{\"Version\":\"2012-10-17\",\"Statement\":[{"
          + "\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":[\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\"]}]}"));
    }
    Inventory inv = LiveCollection.collect(AuditConfig.DEFAULTS, options("eu-west-2", "us-east-1"));

    assertThat(inv.collectionErrors()).isEmpty();
    assertThat(inv.taskDefinitions()).extracting(t -> t.containers().get(0).image())
        .containsExactlyInAnyOrder(Estate.ACCOUNT + ".dkr.ecr-fips.eu-west-2.amazonaws.com/ci-image:1.4.2",
            Estate.ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com/ci-image:1.4.2");
    String euRepo = "arn:aws:ecr:eu-west-2:" + Estate.ACCOUNT + ":repository/ci-image";
    String usRepo = "arn:aws:ecr:us-east-1:" + Estate.ACCOUNT + ":repository/ci-image";
    assertThat(inv.ecrRepositories()).extracting(r -> r.region() + " " + r.registryId() + " " + r.arn() + " policy " + (r.policy() != null))
        .containsExactlyInAnyOrder("eu-west-2 " + Estate.ACCOUNT + " " + euRepo + " policy false",
            "us-east-1 " + Estate.ACCOUNT + " " + usRepo + " policy true");
    assertThat(Evaluation.run(inv, AuditConfig.DEFAULTS, List.of(), null, LocalDate.of(2026, 6, 1)).findings().stream()
            .filter(f -> f.ruleId().equals("FCA-IMAGES-005")).map(f -> f.status() + " " + f.resource().id()))
        .containsExactlyInAnyOrder("PASS " + euRepo, "FAIL " + usRepo);
  }

  /**
   * What the runner may start, named revision by revision, is described whether it ran or not (no
   * listing), and every secret reference is looked up: Parameter Store by ARN and by name (one
   * DescribeParameters for the three names, one of them missing), Secrets Manager by an ARN with a
   * JSON-key suffix. Every security group's rules are read for their ids.
   */
  @Test
  void whatTheRunnerMayStartAndEverySecretReferenceWithTheDocumentedCalls() {
    String release1;
    String release2;
    String npm;
    Estate e;
    try (Estate estate = new Estate(MOTO.endpoint(), "eu-west-2").hardened()) {
      e = estate;
      npm = estate.ssm.putParameter(r -> r.name("/ci/npm/token").type("SecureString").value("not-read")).version() > 0
          ? "arn:aws:ssm:eu-west-2:" + Estate.ACCOUNT + ":parameter/ci/npm/token" : null;
      estate.ssm.putParameter(r -> r.name("ci-user").type("String").value("ci-bot"));
      var release = software.amazon.awssdk.services.ecs.model.ContainerDefinition.builder().name("release").image(e.image)
          .memory(512).essential(true).secrets(
              software.amazon.awssdk.services.ecs.model.Secret.builder().name("NPM_TOKEN").valueFrom(npm).build(),
              software.amazon.awssdk.services.ecs.model.Secret.builder().name("CI_USER").valueFrom("ci-user").build(),
              software.amazon.awssdk.services.ecs.model.Secret.builder().name("SONAR_TOKEN").valueFrom("/ci/sonar/token").build(),
              software.amazon.awssdk.services.ecs.model.Secret.builder().name("REGISTRY_PASSWORD")
                  .valueFrom(e.secretArn + ":password::").build()).build();
      release1 = estate.ecs.registerTaskDefinition(r -> r.family("gitlab-ci-release").containerDefinitions(release)
          .executionRoleArn(e.executionRole)).taskDefinition().taskDefinitionArn();
      release2 = estate.ecs.registerTaskDefinition(r -> r.family("gitlab-ci-release").containerDefinitions(release)
          .executionRoleArn(e.executionRole)).taskDefinition().taskDefinitionArn();
      estate.iam.putRolePolicy(r -> r.roleName("gitlab-runner").policyName("RunCiTasks").policyDocument(
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ecs:RunTask\","
              + "\"Resource\":[\"" + release1 + "\",\"" + release2 + "\"]}]}"));
    }
    Inventory inv = LiveCollection.collect(AuditConfig.DEFAULTS, options("eu-west-2"));

    assertThat(inv.collectionErrors()).isEmpty();
    assertThat(inv.taskDefinitions()).extracting(t -> t.arn()).containsExactlyInAnyOrder(e.taskDefinitionArn, release1, release2);
    assertThat(inv.ssmParameters()).extracting(p -> p.name() + " " + p.arn()).containsExactlyInAnyOrder(
        "/ci/npm/token " + npm, "ci-user arn:aws:ssm:eu-west-2:" + Estate.ACCOUNT + ":parameter/ci-user");
    assertThat(inv.secrets()).extracting(s -> s.arn()).containsExactly(e.secretArn);
    assertThat(inv.securityGroups()).flatExtracting(SecurityGroup::inbound).isNotEmpty()
        .allSatisfy(r -> assertThat(r.ruleId()).startsWith("sgr-"));
    assertThat(InventoryJson.toJson(inv)).doesNotContain("not-read").doesNotContain("ci-bot");
    assertThat(inv.meta().apiCalls()).isEqualTo(CallFormula.expected(
        List.of(new CallFormula.Region(1, List.<int[]>of(new int[] {0, 1}), 3, 1, 1, 1, 1, 1, 1, true, 1, 1, 0, 3, 1, -1, 3)),
        new CallFormula.Iam(1, 2, 2, 1)));
  }

  /**
   * A {@code ci.runnerRole} that does not exist is absent, as before, not an error: its lists,
   * asked beside its GetRole, answer NoSuchEntity too, which costs their two calls and nothing else.
   */
  @Test
  void aConfiguredRunnerRoleThatDoesNotExistIsAbsentNotAnError() {
    try (Estate estate = new Estate(MOTO.endpoint(), "eu-west-2").blog()) {
      assertThat(estate.runnerRole).isNotNull();
    }
    AuditConfig config = ConfigLoader.read("audit.yml",
        ("ci:\n  runnerRole: arn:aws:iam::" + Estate.ACCOUNT + ":role/no-such-runner\n").getBytes(StandardCharsets.UTF_8));
    Inventory inv = LiveCollection.collect(config, options("eu-west-2"));

    assertThat(inv.collectionErrors()).isEmpty();
    assertThat(inv.iamRoles()).extracting(IamRole::name).doesNotContain("no-such-runner").hasSize(2);
    assertThat(inv.meta().apiCalls()).isEqualTo(CallFormula.expected(
        List.of(new CallFormula.Region(1, List.<int[]>of(new int[] {0, 1}), 1, 1, 1, 1, 0, 1, 1, false, 0, 0, 0, 3, 1, -1, 0)),
        new CallFormula.Iam(1, 3, 1, 3)));
  }

  /**
   * A runner config naming a revision of a family the globs match, which has no ACTIVE revision
   * (here: no revision at all): the family's latest, asked at once, answers ClientException, which is
   * no error; the revision is then described by itself and its failure is the one collection error,
   * as before, for one call more (docs/collection.md).
   */
  @Test
  void aRunnerTaskDefinitionThatDoesNotExistIsOneErrorOnItsRevision(@TempDir Path dir) throws Exception {
    Estate e;
    try (Estate estate = new Estate(MOTO.endpoint(), "eu-west-2").blog()) {
      e = estate;
    }
    Files.writeString(dir.resolve("fargate.toml"), "[Fargate]\n  Cluster = \"gitlab-ci\"\n  Region = \"eu-west-2\"\n"
        + "  Subnet = \"" + e.ciSubnet + "\"\n  SecurityGroup = \"" + e.taskSg + "\"\n  TaskDefinition = \"gitlab-ci-missing:1\"\n");
    Path config = dir.resolve("audit.yml");
    Files.writeString(config, "ci:\n  taskDefinitionFamilies: [gitlab-ci*]\n  runnerConfig: fargate.toml\n");
    Inventory inv = LiveCollection.collect(ConfigLoader.load(config), options("eu-west-2"), config);

    assertThat(inv.collectionErrors()).singleElement().satisfies(err -> {
      assertThat(err.operation()).isEqualTo("DescribeTaskDefinition");
      assertThat(err.resource()).isEqualTo("gitlab-ci-missing:1");
      assertThat(err.errorCode()).isEqualTo("ClientException");
    });
    assertThat(inv.taskDefinitions()).extracting(t -> t.arn()).containsExactly(e.taskDefinitionArn);
    assertThat(inv.meta().apiCalls()).containsEntry("ecs:DescribeTaskDefinition", 3L)
        .containsEntry("ecs:ListTaskDefinitionFamilies", 1L);
  }

  /**
   * GovTechSG/fargate-gitlab-runner's driver config names the cluster by ARN where the audit config
   * names it: one cluster, collected once, in a snapshot that loads again.
   */
  @Test
  void aClusterNamedByArnInTheRunnerConfigAndByNameInTheConfigIsCollectedOnce(@TempDir Path dir) throws Exception {
    Estate e;
    try (Estate estate = new Estate(MOTO.endpoint(), "eu-west-2").blog()) {
      e = estate;
    }
    String arn = "arn:aws:ecs:eu-west-2:123456789012:cluster/gitlab-ci";
    Files.writeString(dir.resolve("fargate.toml"), "[Fargate]\n  Cluster = \"" + arn + "\"\n  Region = \"eu-west-2\"\n"
        + "  Subnet = \"" + e.ciSubnet + "\"\n  SecurityGroup = \"" + e.taskSg + "\"\n  TaskDefinition = \"" + e.taskDefinitionArn + "\"\n");
    Path config = dir.resolve("audit.yml");
    Files.writeString(config, "ci:\n  clusters: [gitlab-ci]\n  runnerConfig: fargate.toml\n");
    Inventory inv = LiveCollection.collect(ConfigLoader.load(config), options("eu-west-2"), config);

    assertThat(inv.ecsClusters()).extracting(c -> c.arn()).containsExactly(arn);
    assertThat(InventoryJson.read("inventory.json", InventoryJson.toJson(inv).getBytes(StandardCharsets.UTF_8)).ecsClusters())
        .hasSize(1);
  }

  private static List<int[]> clusters(int[] first, int empty) {
    List<int[]> out = new java.util.ArrayList<>();
    out.add(first);
    for (int i = 0; i < empty; i++) out.add(new int[] {0, 0});
    return out;
  }
}
