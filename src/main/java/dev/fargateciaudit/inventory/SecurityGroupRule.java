package dev.fargateciaudit.inventory;

/**
 * One permission for one source (AWS groups several sources in one {@code IpPermission}; we
 * flatten so that every rule can be judged, reported and waived on its own, as the security group
 * rules API does).
 *
 * @param protocol {@code -1} (all), {@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6} or a number
 * @param fromPort null when the protocol has no ports (all traffic)
 * @param sourceKind {@code cidr4, cidr6, sg, prefixList}
 * @param source the CIDR, security-group id or prefix-list id
 * @param ruleId the security group rule's id ({@code sgr-...}), null when it was not read
 */
public record SecurityGroupRule(
    String protocol,
    Integer fromPort,
    Integer toPort,
    String sourceKind,
    String source,
    String description,
    String ruleId) {
  /** A rule whose id is not known. */
  public SecurityGroupRule(String protocol, Integer fromPort, Integer toPort, String sourceKind, String source, String description) {
    this(protocol, fromPort, toPort, sourceKind, source, description, null);
  }

  /** The same rule with its id. */
  public SecurityGroupRule withRuleId(String id) {
    return new SecurityGroupRule(protocol, fromPort, toPort, sourceKind, source, description, id);
  }
}
