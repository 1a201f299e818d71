package dev.fargateciaudit.inventory;

import java.util.List;

/**
 * A route table. A subnet with no explicit association uses its VPC's main table, so the join
 * from subnet to table lives in derive, not here.
 */
public record RouteTable(
    String id,
    String region,
    String vpcId,
    boolean main,
    List<String> subnetIds,
    List<Route> routes) {
  public RouteTable {
    subnetIds = Lists.of(subnetIds);
    routes = Lists.of(routes);
  }
}
