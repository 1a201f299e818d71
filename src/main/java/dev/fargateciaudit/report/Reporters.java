package dev.fargateciaudit.report;

import dev.fargateciaudit.findings.AuditReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The registry of reporters. */
public final class Reporters {
  private Reporters() {}

  private static final List<Reporter> ALL = List.of(
      new HtmlReporter(), new JunitReporter(), new JsonReporter(), new InventoryReporter());

  public static List<Reporter> all() {
    return ALL;
  }

  /**
   * Checks and normalises {@code --format} values (case-insensitive; empty means all).
   *
   * @throws IllegalArgumentException on a name that is not a format (exit code 2)
   */
  public static Set<String> parseFormats(Set<String> formats) {
    Set<String> known = ALL.stream().map(Reporter::format).collect(Collectors.toCollection(LinkedHashSet::new));
    if (formats == null || formats.isEmpty()) return known;
    Set<String> out = new LinkedHashSet<>();
    for (String f : formats) {
      String n = f == null ? "" : f.trim().toLowerCase(Locale.ROOT);
      if (!known.contains(n)) {
        throw new IllegalArgumentException("unknown --format '" + f + "' (expected one or more of "
            + String.join(", ", known) + ")");
      }
      out.add(n);
    }
    return out;
  }

  /**
   * Writes every reporter whose format is in {@code formats} (all when empty), each atomically.
   * First removes this tool's output files that this run will not write, so that no file left by
   * an earlier run (a stale {@code junit.xml}) can be taken for this run's result. If a reporter
   * fails, the outputs it and the later reporters would have written are removed too, so the folder
   * holds only complete files of this run.
   *
   * @return the files written, in reporter order
   * @throws IllegalArgumentException on an unknown format, before anything is touched
   */
  public static List<Path> writeAll(AuditReport report, Path outDir, Set<String> formats) throws IOException {
    Set<String> chosen = parseFormats(formats);
    List<Reporter> writing = new ArrayList<>();
    for (Reporter r : ALL) {
      boolean skip = !chosen.contains(r.format()) || (r instanceof InventoryReporter && report.inventory() == null);
      if (skip) {
        Files.deleteIfExists(outDir.resolve(r.fileName()));
      } else {
        writing.add(r);
      }
    }
    Files.createDirectories(outDir);
    List<Path> written = new ArrayList<>();
    for (int i = 0; i < writing.size(); i++) {
      Reporter r = writing.get(i);
      try {
        r.write(report, outDir);
      } catch (IOException | RuntimeException e) {
        for (Reporter unwritten : writing.subList(i, writing.size())) {
          try {
            Files.deleteIfExists(outDir.resolve(unwritten.fileName()));
          } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        throw e;
      }
      written.add(outDir.resolve(r.fileName()));
    }
    return written;
  }
}
