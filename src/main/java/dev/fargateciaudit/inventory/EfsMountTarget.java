package dev.fargateciaudit.inventory;

import java.util.List;

public record EfsMountTarget(
    String id,
    String region,
    String fileSystemId,
    String subnetId,
    String availabilityZone,
    String ipAddress,
    String networkInterfaceId,
    List<String> securityGroupIds) {
  public EfsMountTarget {
    securityGroupIds = Lists.of(securityGroupIds);
  }
}
