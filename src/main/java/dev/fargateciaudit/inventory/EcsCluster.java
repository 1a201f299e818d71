package dev.fargateciaudit.inventory;

public record EcsCluster(String arn, String name, String region, String status) {}
