package dev.fargateciaudit.findings;

import dev.fargateciaudit.inventory.CollectionError;
import dev.fargateciaudit.inventory.Inventory;
import java.util.List;

/**
 * Everything a reporter needs: the run's metadata, the rules, the sorted findings, what could not
 * be read, the waivers that did not apply, and the inventory that was evaluated.
 */
public record AuditReport(
    ReportMeta meta,
    List<RuleInfo> rules,
    List<Finding> findings,
    List<CollectionError> collectionErrors,
    WaiverReport waivers,
    Inventory inventory) {
  public AuditReport {
    rules = List.copyOf(rules);
    findings = findings.stream().sorted(FindingOrder.STANDARD).toList();
    collectionErrors = collectionErrors == null ? List.of() : List.copyOf(collectionErrors);
    waivers = waivers == null ? WaiverReport.NONE : waivers;
  }
}
