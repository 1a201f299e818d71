package dev.fargateciaudit.inventory;

import java.util.List;
import java.util.Map;

public record Subnet(
    String id,
    String arn,
    String region,
    String vpcId,
    String availabilityZone,
    String cidrBlock,
    List<String> ipv6CidrBlocks,
    boolean mapPublicIpOnLaunch,
    boolean assignIpv6AddressOnCreation,
    Map<String, String> tags) {
  public Subnet {
    ipv6CidrBlocks = Lists.of(ipv6CidrBlocks);
    tags = Lists.of(tags);
  }
}
