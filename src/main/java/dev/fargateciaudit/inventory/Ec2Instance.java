package dev.fargateciaudit.inventory;

import java.util.List;
import java.util.Map;

/** An EC2 instance; the tool only collects the GitLab Runner host(s). */
public record Ec2Instance(
    String id,
    String region,
    String vpcId,
    String subnetId,
    String privateIp,
    String publicIp,
    List<String> securityGroupIds,
    String instanceProfileArn,
    String state,
    Map<String, String> tags) {
  public Ec2Instance {
    securityGroupIds = Lists.of(securityGroupIds);
    tags = Lists.of(tags);
  }
}
