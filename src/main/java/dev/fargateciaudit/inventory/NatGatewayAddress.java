package dev.fargateciaudit.inventory;

public record NatGatewayAddress(
    String allocationId, String publicIp, String privateIp, String networkInterfaceId) {}
