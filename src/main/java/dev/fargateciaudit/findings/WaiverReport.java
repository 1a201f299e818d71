package dev.fargateciaudit.findings;

import java.util.List;

/** Waivers that did not waive: expired ones and ones that matched nothing. */
public record WaiverReport(List<AppliedWaiver> expired, List<AppliedWaiver> unmatched) {
  public static final WaiverReport NONE = new WaiverReport(List.of(), List.of());

  public WaiverReport {
    expired = expired == null ? List.of() : List.copyOf(expired);
    unmatched = unmatched == null ? List.of() : List.copyOf(unmatched);
  }
}
