package dev.fargateciaudit.inventory;

/** A container {@code secrets} entry: an environment variable filled from Secrets Manager or SSM. */
public record SecretReference(String name, String valueFrom) {}
