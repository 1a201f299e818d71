package dev.fargateciaudit.inventory;

import java.util.List;
import java.util.Map;

public record Vpc(
    String id,
    String region,
    String cidrBlock,
    List<String> ipv6CidrBlocks,
    boolean isDefault,
    Map<String, String> tags) {
  public Vpc {
    ipv6CidrBlocks = Lists.of(ipv6CidrBlocks);
    tags = Lists.of(tags);
  }
}
