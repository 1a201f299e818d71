package dev.fargateciaudit.inventory;

import java.util.List;

/**
 * A running (or recently stopped) task.
 *
 * @param group {@code service:NAME} for service tasks; the Fargate driver's tasks have their own
 * @param startedBy who started it (the driver sets nothing special; services set {@code ecs-svc/...})
 */
public record EcsTask(
    String arn,
    String region,
    String clusterArn,
    String taskDefinitionArn,
    String launchType,
    String platformVersion,
    String lastStatus,
    String group,
    String startedBy,
    List<TaskEniAttachment> enis) {
  public EcsTask {
    enis = Lists.of(enis);
  }
}
