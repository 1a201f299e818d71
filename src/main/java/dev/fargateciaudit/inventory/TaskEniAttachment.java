package dev.fargateciaudit.inventory;

public record TaskEniAttachment(String networkInterfaceId, String subnetId, String privateIp) {}
