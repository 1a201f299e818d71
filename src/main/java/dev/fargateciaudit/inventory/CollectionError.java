package dev.fargateciaudit.inventory;

/**
 * A read that failed after retries. Rules whose data depends on {@code service} (and region) are
 * evaluated as ERROR, never PASS.
 *
 * @param resource what was being read, if the failure concerns one resource (e.g. a role name)
 */
public record CollectionError(
    String service,
    String operation,
    String region,
    String errorCode,
    String message,
    String resource) {}
