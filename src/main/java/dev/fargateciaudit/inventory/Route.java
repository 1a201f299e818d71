package dev.fargateciaudit.inventory;

/**
 * One route. Exactly one destination is set.
 *
 * @param targetKind {@code local, igw, eigw, nat, eni, instance, peering, tgw, vpce, vgw, other}
 * @param state {@code active} or {@code blackhole}
 */
public record Route(
    String destinationCidr,
    String destinationIpv6Cidr,
    String destinationPrefixListId,
    String targetKind,
    String targetId,
    String state) {

  public String destination() {
    if (destinationCidr != null) return destinationCidr;
    if (destinationIpv6Cidr != null) return destinationIpv6Cidr;
    return destinationPrefixListId;
  }
}
