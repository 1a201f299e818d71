package dev.fargateciaudit.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The files a team keeps beside the estate: the auditor's {@code audit.yml} and the runner's {@code fargate.toml}. */
final class ConfigFiles {
  private ConfigFiles() {}

  /** {@code audit.yml}; a key left null is left out of the file (every key is optional). */
  static final class AuditYml {
    List<String> regions = List.of("eu-west-2");
    List<String> clusters;
    List<String> families;
    String runnerConfig;
    String runnerRole;
    List<String> expectedEgressIps;
    List<String> sshSources;
    List<String> nfsSources;
    List<String> allowedRegistries;

    AuditYml clusters(String... v) {
      clusters = List.of(v);
      return this;
    }

    AuditYml families(String... v) {
      families = v.length == 0 ? null : List.of(v);
      return this;
    }

    AuditYml runnerConfig(String v) {
      runnerConfig = v;
      return this;
    }

    AuditYml runnerRole(String v) {
      runnerRole = v;
      return this;
    }

    AuditYml expectedEgressIps(List<String> v) {
      expectedEgressIps = v;
      return this;
    }

    AuditYml sshSources(String... v) {
      sshSources = v.length == 0 ? null : List.of(v);
      return this;
    }

    AuditYml nfsSources(List<String> v) {
      nfsSources = v;
      return this;
    }

    AuditYml allowedRegistries(String... v) {
      allowedRegistries = List.of(v);
      return this;
    }

    Path write(Path dir) {
      List<String> lines = new ArrayList<>();
      list(lines, "", "regions", regions);
      List<String> ci = new ArrayList<>();
      list(ci, "  ", "clusters", clusters);
      list(ci, "  ", "taskDefinitionFamilies", families);
      if (runnerConfig != null) ci.add("  runnerConfig: " + runnerConfig);
      if (runnerRole != null) ci.add("  runnerRole: " + runnerRole);
      section(lines, "ci", ci);
      List<String> network = new ArrayList<>();
      list(network, "  ", "expectedEgressIps", expectedEgressIps);
      list(network, "  ", "sshSources", sshSources);
      list(network, "  ", "nfsSources", nfsSources);
      section(lines, "network", network);
      List<String> images = new ArrayList<>();
      list(images, "  ", "allowedRegistries", allowedRegistries);
      section(lines, "images", images);
      return ConfigFiles.write(dir.resolve("audit.yml"), String.join("\n", lines) + "\n");
    }

    private static void list(List<String> into, String indent, String key, List<String> values) {
      if (values != null) into.add(indent + key + ": [" + String.join(", ", values.stream().map(v -> "\"" + v + "\"").toList()) + "]");
    }

    private static void section(List<String> into, String key, List<String> body) {
      if (body.isEmpty()) return;
      into.add(key + ":");
      into.addAll(body);
    }
  }

  /**
   * The Fargate driver's config as GitLab's documentation lays it out, with JSON logs, no public IP
   * for the runner's SSH and platform version 1.4.0 set (its other tables are kept, the tool ignores them).
   */
  static Path fargateToml(Path dir, String cluster, String region, String subnet, String group, String taskDefinition,
      boolean enablePublicIp) {
    return write(dir.resolve("fargate.toml"), driverConfig("json", cluster, region, subnet, group, taskDefinition, enablePublicIp,
        "\n  UsePublicIP = false\n  PlatformVersion = \"1.4.0\""));
  }

  /**
   * The Fargate driver's config exactly as GitLab's "Autoscaling GitLab CI on AWS Fargate" page
   * prints it (text logs, no {@code UsePublicIP} or {@code PlatformVersion}), with the estate's values:
   * what a team copying the page, or an image templating it, writes.
   */
  static Path fargateTomlAsTheDocsPrintIt(Path dir, String cluster, String region, String subnet, String group,
      String taskDefinition, boolean enablePublicIp) {
    return write(dir.resolve("fargate.toml"), driverConfig("text", cluster, region, subnet, group, taskDefinition, enablePublicIp, ""));
  }

  /** The page's config after its section "Configure a private AWS Fargate task": a private subnet, no public IP either way. */
  static Path fargateTomlForAPrivateTask(Path dir, String cluster, String region, String subnet, String group, String taskDefinition) {
    return write(dir.resolve("fargate.toml"), driverConfig("text", cluster, region, subnet, group, taskDefinition, false,
        "\n  UsePublicIP = false"));
  }

  private static String driverConfig(String logFormat, String cluster, String region, String subnet, String group,
      String taskDefinition, boolean enablePublicIp, String moreFargateKeys) {
    return """
        LogLevel = "info"
        LogFormat = "%s"

        [Fargate]
          Cluster = "%s"
          Region = "%s"
          Subnet = "%s"
          SecurityGroup = "%s"
          TaskDefinition = "%s"
          EnablePublicIP = %s%s

        [TaskMetadata]
          Directory = "/opt/gitlab-runner/metadata"

        [SSH]
          Username = "root"
          Port = 22
        """.formatted(logFormat, cluster, region, subnet, group, taskDefinition, enablePublicIp, moreFargateKeys);
  }

  /**
   * The driver template AWS's CDK sample keeps in {@code docker_fargate_driver/config_driver_template.toml},
   * and copies of it keep, rendered with {@code envsubst}: lowercase {@code cluster}, {@code region},
   * {@code subnet}, {@code securityGroup} keys (the driver's TOML decoder matches keys
   * case-insensitively), no public IP, task metadata in {@code /tmp/}; {@code publicIpComment}
   * follows {@code EnablePublicIP = false} on its line.
   */
  static Path fargateTomlFromTheDriverTemplate(Path dir, String cluster, String region, String subnet, String group,
      String taskDefinition, String publicIpComment) {
    return write(dir.resolve("fargate.toml"), """
        LogLevel = "info"
        LogFormat = "text"

        [Fargate]
            cluster = "%s"
            region = "%s"
            subnet = "%s"
            securityGroup = "%s"
            TaskDefinition = "%s"
            EnablePublicIP = false%s

        [TaskMetadata]
            Directory = "/tmp/"

        [SSH]
            Username = "root"
            Port = 22
        """.formatted(cluster, region, subnet, group, taskDefinition, publicIpComment));
  }

  /** A {@code fargate.toml} as an IaC project templates it, written as given. */
  static Path fargateToml(Path dir, String text) {
    return write(dir.resolve("fargate.toml"), text);
  }

  private static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
