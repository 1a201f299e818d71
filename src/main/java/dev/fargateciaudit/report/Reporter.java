package dev.fargateciaudit.report;

import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.output.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;

/** One output format. Implementations write atomically (see {@code AtomicFiles}) and deterministically. */
public interface Reporter {
  /** The {@code --format} name, e.g. {@code html}. */
  String format();

  /** The file name written into the output folder, e.g. {@code report.html}. */
  String fileName();

  /**
   * Writes {@link #fileName()} into {@code outDir}.
   *
   * @return what was written, as {@link AtomicFiles#write} returns it; null when not known (the
   *     output folder then reads the file back for its manifest)
   */
  AtomicFiles.Written write(AuditReport report, Path outDir) throws IOException;

  /** True when the format is written without {@code --format} naming it. */
  default boolean byDefault() {
    return true;
  }

  /**
   * Does the one-time work writing needs (parsing a template, say) ahead of time: the CLI calls it
   * on a background thread while the inventory loads. Optional; must be safe to call concurrently
   * with {@link #write}.
   */
  default void prepare() throws IOException {}
}
