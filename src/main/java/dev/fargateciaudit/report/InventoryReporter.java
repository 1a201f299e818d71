package dev.fargateciaudit.report;

import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.output.AtomicFiles;
import dev.fargateciaudit.inventory.InventoryJson;
import dev.fargateciaudit.inventory.SnapshotFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code inventory.json}: the inventory that was evaluated, in the snapshot format, so the run can
 * be repeated with {@code --snapshot}. Written only when the report has an inventory (a merged
 * report has none). Compact JSON: the snapshot format does not depend on layout. Owner-only (0600),
 * as every snapshot file is: it maps the whole estate.
 *
 * <p>When the inventory is a snapshot file read with nothing laid over it, and the file is unchanged
 * since, that file already is the inventory in the snapshot format (it was validated on load): its
 * bytes are copied rather than the inventory serialised again.
 */
public final class InventoryReporter implements Reporter {
  /** The name of this format in {@code --format}. */
  public static final String FORMAT = "inventory";

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public String fileName() {
    return "inventory.json";
  }

  @Override
  public AtomicFiles.Written write(AuditReport report, Path outDir) throws IOException {
    if (report.inventory() == null) return null;
    SnapshotFile source = report.snapshot();
    Path target = outDir.resolve(fileName());
    if (source != null && source.unchanged()) {
      AtomicFiles.copy(source.path(), target, AtomicFiles.Access.OWNER_ONLY);
      return null;
    }
    return AtomicFiles.write(target, AtomicFiles.Access.OWNER_ONLY, out -> InventoryJson.write(report.inventory(), out, false));
  }
}
