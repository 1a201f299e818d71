package dev.fargateciaudit.inventory;

/**
 * Parameter Store metadata, as {@code ssm:DescribeParameters} gives it: never a value (the tool
 * calls no {@code GetParameter*} and decrypts nothing), and not the description, which teams fill
 * with secrets too.
 *
 * @param type {@code String}, {@code StringList} or {@code SecureString}
 * @param keyId the KMS key of a {@code SecureString}
 * @param tier {@code Standard}, {@code Advanced} or {@code Intelligent-Tiering}
 */
public record SsmParameter(String arn, String name, String region, String type, String keyId, String tier) {}
