package dev.fargateciaudit.inventory;

/**
 * A plaintext environment variable, by name only.
 *
 * @param classification what {@link SecretClassifier} concluded from the name and value; the
 *     value itself is dropped
 */
public record EnvironmentVariable(String name, String classification) {}
