package dev.fargateciaudit.report;

import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.input.NotYetAvailableException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** The registry of reporters. */
public final class Reporters {
  private Reporters() {}

  public static List<Reporter> all() {
    return List.of();
  }

  /** Writes every reporter whose format is in {@code formats} (all when empty). */
  public static List<Path> writeAll(AuditReport report, Path outDir, Set<String> formats) throws IOException {
    throw new NotYetAvailableException("writing reports", 4);
  }
}
