package dev.fargateciaudit.inventory;

public record MountPoint(String sourceVolume, String containerPath, Boolean readOnly) {}
