package dev.fargateciaudit.collect;

import java.util.Set;

/** STS: who the scan runs as, which names the account of the inventory. */
public final class StsCollector implements Collector {
  @Override
  public String service() {
    return "sts";
  }

  @Override
  public Set<String> iamActions() {
    return Set.of("sts:GetCallerIdentity");
  }

  @Override
  public void collect(Scan scan) {
    scan.call("sts", "GetCallerIdentity", scan.clients().homeRegion(), null, () -> scan.clients().sts().getCallerIdentity())
        .ifPresent(r -> scan.accountId(r.account()));
  }
}
