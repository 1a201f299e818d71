package dev.fargateciaudit.inventory;

import java.util.List;

public record EgressOnlyInternetGateway(String id, String region, List<String> vpcIds) {
  public EgressOnlyInternetGateway {
    vpcIds = Lists.of(vpcIds);
  }
}
