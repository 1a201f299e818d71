package dev.fargateciaudit.inventory;

import java.util.List;

/**
 * An ECS task definition revision.
 *
 * @param status {@code ACTIVE}, {@code INACTIVE} or {@code DELETE_IN_PROGRESS}
 * @param source set when this revision comes from a planned file rather than the account
 */
public record TaskDefinition(
    String arn,
    String family,
    int revision,
    String region,
    String status,
    String networkMode,
    List<String> requiresCompatibilities,
    String cpu,
    String memory,
    String executionRoleArn,
    String taskRoleArn,
    List<ContainerDefinition> containers,
    List<TaskVolume> volumes,
    Source source) {
  public TaskDefinition {
    requiresCompatibilities = Lists.of(requiresCompatibilities);
    containers = Lists.of(containers);
    volumes = Lists.of(volumes);
  }
}
