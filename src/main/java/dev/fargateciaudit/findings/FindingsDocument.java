package dev.fargateciaudit.findings;

import dev.fargateciaudit.inventory.CollectionError;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a run's results ({@code findings.json}): a public, versioned contract read back
 * by {@code diff}, {@code merge} and {@code --baseline}. Documented in {@code docs/findings.md}.
 */
public record FindingsDocument(
    int schemaVersion,
    ReportMeta meta,
    Map<String, Long> countsByStatus,
    Map<String, Long> failuresBySeverity,
    List<RuleInfo> rules,
    List<Finding> findings,
    List<CollectionError> collectionErrors,
    List<String> scopeGaps,
    WaiverReport waivers) {

  public static final int SCHEMA_VERSION = 1;

  /** @param scopeGaps absent from a findings.json of an earlier version: none */
  public FindingsDocument {
    scopeGaps = scopeGaps == null ? List.of() : List.copyOf(scopeGaps);
  }
}
