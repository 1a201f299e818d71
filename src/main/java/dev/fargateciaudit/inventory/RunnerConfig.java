package dev.fargateciaudit.inventory;

/**
 * The GitLab Runner Fargate driver's {@code fargate.toml}. Field names follow the driver's keys.
 * Booleans are boxed: absent is not the same as false (the driver's default applies).
 *
 * @param source where it was read from (path, and whether planned)
 */
public record RunnerConfig(
    String cluster,
    String region,
    String subnet,
    String securityGroup,
    String taskDefinition,
    Boolean enablePublicIp,
    Boolean usePublicIp,
    String platformVersion,
    Integer sshPort,
    String sshUsername,
    Source source) {

  /** The same settings, read from {@code s}. */
  public RunnerConfig withSource(Source s) {
    return new RunnerConfig(cluster, region, subnet, securityGroup, taskDefinition, enablePublicIp, usePublicIp,
        platformVersion, sshPort, sshUsername, s);
  }
}
