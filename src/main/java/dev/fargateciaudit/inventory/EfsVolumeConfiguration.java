package dev.fargateciaudit.inventory;

/**
 * @param transitEncryption {@code ENABLED} or {@code DISABLED}; AWS defaults to DISABLED when absent
 * @param iam {@code ENABLED} or {@code DISABLED}: whether the task role is used to authorise the mount
 */
public record EfsVolumeConfiguration(
    String fileSystemId,
    String rootDirectory,
    String transitEncryption,
    Integer transitEncryptionPort,
    String accessPointId,
    String iam) {}
