package dev.fargateciaudit.findings;

import java.time.LocalDate;

/**
 * The waiver that turned a FAIL into WAIVED, as reports show it. Exactly one of {@code resource}
 * (an id or ARN, or a glob over them) and {@code name} (a resource name, or a glob over names).
 */
public record AppliedWaiver(String ruleId, String resource, String name, String reason, String approvedBy, LocalDate expires) {

  /** What the waiver matches, as reports show it: the resource pattern, or {@code name: PATTERN}. */
  public String target() {
    return resource != null ? resource : "name: " + name;
  }
}
