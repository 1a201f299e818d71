package dev.fargateciaudit.inventory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Secrets Manager metadata. Never the value, and never tags (teams put secrets in tags too).
 *
 * @param kmsKeyId null when the secret uses the AWS managed key {@code aws/secretsmanager}
 */
public record SecretMetadata(
    String arn, String name, String region, String kmsKeyId, JsonNode resourcePolicy, boolean deleted) {}
