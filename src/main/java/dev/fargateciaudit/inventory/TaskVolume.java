package dev.fargateciaudit.inventory;

/** A task definition volume; {@code efs} is null for bind-mount and other volume types. */
public record TaskVolume(String name, EfsVolumeConfiguration efs) {}
