package dev.fargateciaudit.collect;

import java.io.IOException;
import java.nio.file.Path;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;

/**
 * For code outside this package (tests, the live benchmark): the estates of this package's tests
 * built in a running moto (eu-west-2).
 */
public final class MotoExampleEstate {
  private MotoExampleEstate() {}

  /** {@code examples/hardened}'s estate; writes audit.yml and fargate.toml into {@code dir} and returns audit.yml. */
  public static Path hardened(String endpoint, Path dir) throws IOException {
    return example(endpoint, true, dir);
  }

  /** {@code examples/blog-setup}'s estate; writes audit.yml and fargate.toml into {@code dir} and returns audit.yml. */
  public static Path blog(String endpoint, Path dir) throws IOException {
    return example(endpoint, false, dir);
  }

  /** {@code CollectionBenchmarkIT}'s estate (50 families, 50 services, 200 tasks, 30 roles), audited with no config. */
  public static void benchmark(String endpoint) {
    try (Estate e = new Estate(endpoint, "eu-west-2")) {
      e.benchmark();
    }
  }

  /**
   * The estate the launcher's class-archive training replays (cli.ArchiveTraining): the hardened
   * estate of {@link Estate} (NAT and Elastic IP, ECR image, running task) with a service, a family
   * whose image is pulled with a Secrets Manager login, a runner config and configured families, so
   * that most operations the collectors call are made at least once.
   * Writes audit.yml and fargate.toml into {@code dir} and returns audit.yml.
   */
  public static Path training(String endpoint, Path dir) throws IOException {
    try (Estate e = new Estate(endpoint, "eu-west-2")) {
      e.hardened().services(1);
      e.ecs.registerTaskDefinition(r -> r.family("gitlab-ci-docker-hub").networkMode(NetworkMode.AWSVPC)
          .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512").executionRoleArn(e.executionRole)
          .containerDefinitions(c -> c.name("job").image("docker.io/my-organisation/ci:1.0").memory(512)
              .repositoryCredentials(rc -> rc.credentialsParameter(e.secretArn))
              .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS))));
      java.nio.file.Files.writeString(dir.resolve("fargate.toml"), "[Fargate]\n  Cluster = \"gitlab-ci\"\n"
          + "  Region = \"eu-west-2\"\n  Subnet = \"" + e.ciSubnet + "\"\n  SecurityGroup = \"" + e.taskSg + "\"\n"
          + "  TaskDefinition = \"" + Arns.taskDefinitionKey(e.taskDefinitionArn) + "\"\n  EnablePublicIP = false\n"
          + "  UsePublicIP = false\n  PlatformVersion = \"1.4.0\"\n\n[SSH]\n  Username = \"root\"\n  Port = 22\n");
      Path config = dir.resolve("audit.yml");
      java.nio.file.Files.writeString(config, "regions: [eu-west-2]\nci:\n  taskDefinitionFamilies: [gitlab-ci*]\n"
          + "  runnerConfig: fargate.toml\n");
      return config;
    }
  }

  private static Path example(String endpoint, boolean hardened, Path dir) throws IOException {
    try (Estate e = new Estate(endpoint, "eu-west-2")) {
      return ExampleEstate.build(e, hardened, dir);
    }
  }
}
