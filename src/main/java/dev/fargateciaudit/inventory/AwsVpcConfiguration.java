package dev.fargateciaudit.inventory;

import java.util.List;

/** @param assignPublicIp {@code ENABLED} or {@code DISABLED} (AWS's default when absent is DISABLED) */
public record AwsVpcConfiguration(
    List<String> subnets, List<String> securityGroups, String assignPublicIp) {
  public AwsVpcConfiguration {
    subnets = Lists.of(subnets);
    securityGroups = Lists.of(securityGroups);
  }
}
