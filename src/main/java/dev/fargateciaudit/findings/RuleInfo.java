package dev.fargateciaudit.findings;

import java.util.List;

/** A rule's metadata as reports show it (the rule engine's own type stays in {@code rules}). */
public record RuleInfo(
    String id,
    String title,
    String area,
    Severity severity,
    String subject,
    String rationale,
    String remediation,
    List<String> references,
    String file) {
  public RuleInfo {
    references = references == null ? List.of() : List.copyOf(references);
  }
}
