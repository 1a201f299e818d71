package dev.fargateciaudit.inventory;

import java.util.List;
import java.util.Map;

/** A security group with its rules flattened to one source per rule. */
public record SecurityGroup(
    String id,
    String region,
    String vpcId,
    String name,
    String description,
    List<SecurityGroupRule> inbound,
    List<SecurityGroupRule> outbound,
    Map<String, String> tags) {
  public SecurityGroup {
    inbound = Lists.of(inbound);
    outbound = Lists.of(outbound);
    tags = Lists.of(tags);
  }
}
