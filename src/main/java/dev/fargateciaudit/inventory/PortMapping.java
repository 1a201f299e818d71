package dev.fargateciaudit.inventory;

public record PortMapping(Integer containerPort, Integer hostPort, String protocol) {}
