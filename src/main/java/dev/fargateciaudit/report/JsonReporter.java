package dev.fargateciaudit.report;

import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.findings.FindingsJson;
import dev.fargateciaudit.output.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;

/** {@code findings.json}, the contract of {@link dev.fargateciaudit.findings.FindingsDocument}. */
public final class JsonReporter implements Reporter {
  @Override
  public String format() {
    return "json";
  }

  @Override
  public String fileName() {
    return "findings.json";
  }

  @Override
  public AtomicFiles.Written write(AuditReport report, Path outDir) throws IOException {
    return FindingsJson.write(report, outDir.resolve(fileName()));
  }
}
