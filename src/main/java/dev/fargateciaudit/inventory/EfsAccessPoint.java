package dev.fargateciaudit.inventory;

public record EfsAccessPoint(
    String id, String arn, String region, String fileSystemId, String rootDirectory, Long posixUid) {}
