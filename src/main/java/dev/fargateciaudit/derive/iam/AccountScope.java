package dev.fargateciaudit.derive.iam;

import java.util.List;

/**
 * The estate's own partition, account and regions: where the probe requests of
 * {@link ConditionProbes} and the probe ARNs of {@link ResourcePatterns} are made, and the
 * account they must come from outside of.
 */
public record AccountScope(String partition, String account, List<String> regions) {
  /**
   * A name nobody gives a resource, a cluster, an organisation or a service: a pattern that matches
   * it matches every name, and a condition that lets it through lets any value through.
   */
  public static final String UNCHOSEN = "fca-probe-q7x2";

  public AccountScope {
    partition = partition == null || partition.isBlank() ? "aws" : partition;
    account = account == null ? "" : account;
    regions = regions == null || regions.isEmpty() ? List.of("us-east-1") : List.copyOf(regions);
  }

  /** An account id that is not the estate's. */
  public String foreignAccount() {
    return account.equals("999999999999") ? "999999999998" : "999999999999";
  }

  /**
   * An ARN in this partition: {@code arn:PARTITION:service:region:account:resource}. Joined rather
   * than concatenated: a concatenation of this many parts makes the JVM spin six method-handle
   * classes on first use, which a one-second gate pays.
   */
  String arn(String service, String region, String account, String resource) {
    return String.join(":", "arn", partition, service, region, account, resource);
  }
}
