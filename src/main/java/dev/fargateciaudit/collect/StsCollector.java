package dev.fargateciaudit.collect;

import java.util.Set;

/**
 * STS: who the scan runs as, which names the account of the inventory. {@link Preflight} asks
 * before any collection; this collector keeps the action in the auditor's IAM policy and asks only
 * when the scan was started without that answer.
 */
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
    if (scan.accountId() != null) return;
    scan.call("sts", "GetCallerIdentity", scan.clients().homeRegion(), null, () -> scan.clients().sts().getCallerIdentity())
        .ifPresent(r -> scan.accountId(r.account()));
  }
}
