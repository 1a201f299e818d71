package dev.fargateciaudit.inventory;

import java.util.List;

/**
 * @param state {@code pending, failed, available, deleting, deleted}
 * @param connectivityType {@code public} or {@code private}
 */
public record NatGateway(
    String id,
    String region,
    String vpcId,
    String subnetId,
    String state,
    String connectivityType,
    List<NatGatewayAddress> addresses) {
  public NatGateway {
    addresses = Lists.of(addresses);
  }
}
