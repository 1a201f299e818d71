package dev.fargateciaudit.inventory;

import java.util.List;

/**
 * An ENI. Fargate task ENIs show their public IP here (the task's own attachment details do not),
 * so this is where "does a CI task have a public IP" is answered.
 *
 * @param interfaceType e.g. {@code interface}, {@code nat_gateway}, {@code efs} is reported as interface
 */
public record NetworkInterface(
    String id,
    String region,
    String vpcId,
    String subnetId,
    String privateIp,
    String publicIp,
    List<String> ipv6Addresses,
    List<String> securityGroupIds,
    String interfaceType,
    String description,
    String attachedInstanceId,
    String status) {
  public NetworkInterface {
    ipv6Addresses = Lists.of(ipv6Addresses);
    securityGroupIds = Lists.of(securityGroupIds);
  }
}
