package dev.fargateciaudit.findings;

/**
 * The resource a finding is about.
 *
 * @param id the ARN where the resource has one, else the AWS id (sg-..., subnet-...)
 * @param type e.g. {@code AWS::EC2::SecurityGroup}, {@code AWS::ECS::TaskDefinition}
 * @param name a human name (role name, family:revision) when it differs from the id
 */
public record ResourceRef(String id, String type, String name, String account, String region) {}
