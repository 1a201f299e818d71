package dev.fargateciaudit.inventory;

/**
 * @param launchType {@code FARGATE}, {@code EC2}, {@code EXTERNAL}, or null with a capacity provider strategy
 * @param network null unless the network mode is awsvpc
 */
public record EcsService(
    String arn,
    String name,
    String region,
    String clusterArn,
    String launchType,
    String platformVersion,
    String taskDefinitionArn,
    int desiredCount,
    AwsVpcConfiguration network,
    Source source) {}
