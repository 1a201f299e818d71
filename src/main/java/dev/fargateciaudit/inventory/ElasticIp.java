package dev.fargateciaudit.inventory;

public record ElasticIp(
    String allocationId,
    String region,
    String publicIp,
    String associationId,
    String networkInterfaceId,
    String instanceId) {}
