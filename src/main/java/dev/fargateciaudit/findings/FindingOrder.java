package dev.fargateciaudit.findings;

import java.util.Comparator;

/** The one order every report uses: rule, account, region, resource. */
public final class FindingOrder {
  private FindingOrder() {}

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  public static final Comparator<Finding> STANDARD = Comparator
      .comparing((Finding f) -> nz(f.ruleId()))
      .thenComparing(f -> f.resource() == null ? "" : nz(f.resource().account()))
      .thenComparing(f -> f.resource() == null ? "" : nz(f.resource().region()))
      .thenComparing(f -> f.resource() == null ? "" : nz(f.resource().id()));
}
