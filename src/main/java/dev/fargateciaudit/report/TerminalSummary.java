package dev.fargateciaudit.report;

import dev.fargateciaudit.findings.AuditReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** The one-screen summary printed after an audit. */
public final class TerminalSummary {
  private TerminalSummary() {}

  public static void print(AuditReport report, List<Path> written, PrintWriter out, boolean json, boolean colour) {
    out.printf("%d findings; exit code %d%n", report.findings().size(), report.meta().exitCode());
  }
}
