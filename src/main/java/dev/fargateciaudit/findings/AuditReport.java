package dev.fargateciaudit.findings;

import dev.fargateciaudit.inventory.CollectionError;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.SnapshotFile;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Everything a reporter needs: the run's metadata, the rules, the sorted findings, what could not
 * be read, the waivers that did not apply, and the inventory that was evaluated.
 *
 * @param snapshot the snapshot file the inventory was read from, when nothing was laid over it (so
 *     the file is the inventory in the snapshot format); null otherwise
 * @param baseline the run against its baseline; null when it had none
 * @param scopeGaps what made the scope incomplete: configured references that name nothing, or no
 *     CI task definition at all (one line each, saying where the tool looked)
 */
public record AuditReport(
    ReportMeta meta,
    List<RuleInfo> rules,
    List<Finding> findings,
    List<CollectionError> collectionErrors,
    WaiverReport waivers,
    Inventory inventory,
    SnapshotFile snapshot,
    BaselineComparison baseline,
    List<String> scopeGaps) {
  public AuditReport(ReportMeta meta, List<RuleInfo> rules, List<Finding> findings, List<CollectionError> collectionErrors,
      WaiverReport waivers, Inventory inventory, SnapshotFile snapshot, BaselineComparison baseline) {
    this(meta, rules, findings, collectionErrors, waivers, inventory, snapshot, baseline, List.of());
  }

  public AuditReport(ReportMeta meta, List<RuleInfo> rules, List<Finding> findings, List<CollectionError> collectionErrors,
      WaiverReport waivers, Inventory inventory, SnapshotFile snapshot) {
    this(meta, rules, findings, collectionErrors, waivers, inventory, snapshot, null);
  }

  public AuditReport(ReportMeta meta, List<RuleInfo> rules, List<Finding> findings, List<CollectionError> collectionErrors,
      WaiverReport waivers, Inventory inventory) {
    this(meta, rules, findings, collectionErrors, waivers, inventory, null, null);
  }

  public AuditReport {
    rules = List.copyOf(rules);
    // Stable, so findings equal in the order keep the order they were given in.
    Finding[] sorted = findings.toArray(new Finding[0]);
    Arrays.parallelSort(sorted, FindingOrder.STANDARD);
    findings = Collections.unmodifiableList(Arrays.asList(sorted));
    collectionErrors = collectionErrors == null ? List.of() : List.copyOf(collectionErrors);
    waivers = waivers == null ? WaiverReport.NONE : waivers;
    scopeGaps = scopeGaps == null ? List.of() : List.copyOf(scopeGaps);
  }
}
