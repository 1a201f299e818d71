package dev.fargateciaudit.inventory;

import java.util.List;

public record InternetGateway(String id, String region, List<String> vpcIds) {
  public InternetGateway {
    vpcIds = Lists.of(vpcIds);
  }
}
