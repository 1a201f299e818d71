package dev.fargateciaudit.findings;

import dev.fargateciaudit.inventory.CollectionError;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.SnapshotCopy;
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
 * @param snapshotCopy that file's bytes, copied into the output folder while the audit ran, for
 *     {@code inventory.json}; null when no copy was started
 * @param baseline the run against its baseline; null when it had none
 */
public record AuditReport(
    ReportMeta meta,
    List<RuleInfo> rules,
    List<Finding> findings,
    List<CollectionError> collectionErrors,
    WaiverReport waivers,
    Inventory inventory,
    SnapshotFile snapshot,
    SnapshotCopy snapshotCopy,
    BaselineComparison baseline) {
  public AuditReport(ReportMeta meta, List<RuleInfo> rules, List<Finding> findings, List<CollectionError> collectionErrors,
      WaiverReport waivers, Inventory inventory, SnapshotFile snapshot, SnapshotCopy snapshotCopy) {
    this(meta, rules, findings, collectionErrors, waivers, inventory, snapshot, snapshotCopy, null);
  }

  public AuditReport(ReportMeta meta, List<RuleInfo> rules, List<Finding> findings, List<CollectionError> collectionErrors,
      WaiverReport waivers, Inventory inventory) {
    this(meta, rules, findings, collectionErrors, waivers, inventory, null, null);
  }

  public AuditReport {
    rules = List.copyOf(rules);
    // A million findings at scale 100,000, a stable merge sort like the stream's. On every core where the
    // common pool has more than one worker; on two cores it has one, and the sort runs here: 0.13-0.18 s.
    Finding[] sorted = findings.toArray(new Finding[0]);
    Arrays.parallelSort(sorted, FindingOrder.STANDARD);
    findings = Collections.unmodifiableList(Arrays.asList(sorted));
    collectionErrors = collectionErrors == null ? List.of() : List.copyOf(collectionErrors);
    waivers = waivers == null ? WaiverReport.NONE : waivers;
  }
}
