package dev.fargateciaudit.config;

import java.util.List;

/**
 * Which part of the account is the CI estate.
 *
 * @param clusters default: the runner config's cluster, else every cluster
 * @param taskDefinitionFamilies globs; default: every Fargate task definition in use
 * @param runnerConfig path of the driver's {@code fargate.toml}, relative to the config file
 * @param runnerRole default: the runner instance's role
 */
public record CiConfig(
    List<String> clusters, List<String> taskDefinitionFamilies, String runnerConfig, String runnerRole) {
  public static final CiConfig DEFAULTS = new CiConfig(null, null, null, null);

  public CiConfig {
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
    taskDefinitionFamilies = taskDefinitionFamilies == null ? List.of() : List.copyOf(taskDefinitionFamilies);
  }
}
