package dev.fargateciaudit.findings;

import java.util.Comparator;

/** The one order every report uses: rule, account, region, resource. */
public final class FindingOrder {
  private FindingOrder() {}

  /**
   * Rule id, then the resource's account, region and id; a missing value sorts as the empty string.
   * Written out rather than chained with {@code Comparator.comparing}: every finding is compared
   * many times, and a rule's findings share their rule id, account and region instances, which
   * compare equal here without reading their characters.
   */
  public static final Comparator<Finding> STANDARD = FindingOrder::compare;

  private static int compare(Finding a, Finding b) {
    int c = compare(a.ruleId(), b.ruleId());
    if (c != 0) return c;
    ResourceRef ra = a.resource();
    ResourceRef rb = b.resource();
    c = compare(ra == null ? null : ra.account(), rb == null ? null : rb.account());
    if (c != 0) return c;
    c = compare(ra == null ? null : ra.region(), rb == null ? null : rb.region());
    if (c != 0) return c;
    return compare(ra == null ? null : ra.id(), rb == null ? null : rb.id());
  }

  private static int compare(String x, String y) {
    if (x == y) return 0;
    return (x == null ? "" : x).compareTo(y == null ? "" : y);
  }
}
