package dev.fargateciaudit.inventory;

@SharedValue
public record MountPoint(String sourceVolume, String containerPath, Boolean readOnly) {}
