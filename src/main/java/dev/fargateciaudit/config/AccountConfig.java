package dev.fargateciaudit.config;

/** An account to audit through STS AssumeRole. */
public record AccountConfig(String id, String roleArn, String externalId) {}
