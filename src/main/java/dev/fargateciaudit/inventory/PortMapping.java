package dev.fargateciaudit.inventory;

@SharedValue
public record PortMapping(Integer containerPort, Integer hostPort, String protocol) {}
