package dev.fargateciaudit.collect;

import java.util.Set;

/**
 * STS: who the scan runs as, which names the account of the inventory and scopes what the runner
 * may start. {@link Preflight} asks while collection starts; this collector waits for its answer,
 * keeps the action in the auditor's IAM policy, and asks only when the scan was started without one.
 */
public final class StsCollector implements Collector {
  static final String NAME = "sts";

  @Override
  public String service() {
    return NAME;
  }

  @Override
  public Set<String> iamActions() {
    return Set.of("sts:GetCallerIdentity");
  }

  @Override
  public void collect(Scan scan) {
    if (scan.accountId() != null) return;
    String checked = scan.checkedCaller();
    if (checked != null) {
      scan.accountId(checked);
      return;
    }
    scan.call("sts", "GetCallerIdentity", scan.clients().homeRegion(), null, () -> scan.clients().sts().getCallerIdentity())
        .ifPresent(r -> scan.accountId(r.account()));
  }
}
