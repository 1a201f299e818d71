package dev.fargateciaudit.inventory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * @param uri e.g. {@code 123456789012.dkr.ecr.eu-west-2.amazonaws.com/ci-image}
 * @param imageTagMutability {@code MUTABLE} or {@code IMMUTABLE}
 */
public record EcrRepository(
    String arn,
    String name,
    String region,
    String registryId,
    String uri,
    JsonNode policy,
    boolean scanOnPush,
    String imageTagMutability,
    String encryptionType) {}
