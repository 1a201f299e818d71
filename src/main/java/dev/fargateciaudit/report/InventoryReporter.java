package dev.fargateciaudit.report;

import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.inventory.InventoryJson;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code inventory.json}: the inventory that was evaluated, in the snapshot format, so the run can
 * be repeated with {@code --snapshot}. Written only when the report has an inventory (a merged
 * report has none).
 */
public final class InventoryReporter implements Reporter {
  @Override
  public String format() {
    return "inventory";
  }

  @Override
  public String fileName() {
    return "inventory.json";
  }

  @Override
  public void write(AuditReport report, Path outDir) throws IOException {
    if (report.inventory() == null) return;
    InventoryJson.save(report.inventory(), outDir.resolve(fileName()));
  }
}
