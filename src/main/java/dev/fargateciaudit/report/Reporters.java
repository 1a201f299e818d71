package dev.fargateciaudit.report;

import dev.fargateciaudit.findings.AuditReport;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/** The registry of reporters. */
public final class Reporters {
  private Reporters() {}

  private static final List<Reporter> ALL = List.of(
      new HtmlReporter(), new JunitReporter(), new JsonReporter(), new InventoryReporter(), new CodeQualityReporter());

  /**
   * The order reporters start in on the pool: longest first (findings.json, then the HTML, then
   * JUnit; the inventory is most often a file copy), so that on two threads the longest does not
   * start after another has finished. Reports and errors keep
   * {@link #ALL}'s order.
   */
  private static final List<Class<?>> START_ORDER =
      List.of(JsonReporter.class, HtmlReporter.class, JunitReporter.class, InventoryReporter.class);

  public static List<Reporter> all() {
    return ALL;
  }

  /** {@link Reporter#prepare()} for every format; a failure here resurfaces when the report is written. */
  public static void prepareAll() {
    for (Reporter r : ALL) {
      try {
        r.prepare();
      } catch (IOException | RuntimeException e) {
        // Writing will hit the same problem and report it where it matters.
      }
    }
  }

  /**
   * Checks and normalises {@code --format} values (case-insensitive; empty means every format
   * written by default).
   *
   * @throws IllegalArgumentException on a name that is not a format (exit code 2)
   */
  public static Set<String> parseFormats(Set<String> formats) {
    Set<String> known = ALL.stream().map(Reporter::format).collect(Collectors.toCollection(LinkedHashSet::new));
    if (formats == null || formats.isEmpty()) {
      return ALL.stream().filter(Reporter::byDefault).map(Reporter::format).collect(Collectors.toCollection(LinkedHashSet::new));
    }
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
   * Writes every reporter whose format is in {@code formats} (all when empty), each atomically, in
   * parallel on up to as many threads as there are processors (a large audit's {@code inventory.json}
   * and {@code findings.json} are hundreds of megabytes each; HTML and JUnit are CPU-bound). First
   * removes this tool's output files that this run will not write, so that no file left by an earlier
   * run (a stale {@code junit.xml}) can be taken for this run's result. If a reporter fails, every
   * output of this run is removed once the others have finished, so the folder holds no file that
   * could be mistaken for this run's result.
   *
   * @return the files written, in reporter order
   * @throws IllegalArgumentException on an unknown format, before anything is touched
   */
  public static List<Path> writeAll(AuditReport report, Path outDir, Set<String> formats) throws IOException {
    Set<String> chosen = parseFormats(formats);
    if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
      throw new dev.fargateciaudit.input.BadInputException(outDir.toString(), 0, 0,
          "is a file, not a folder (expected --out DIR, the folder the reports are written to)");
    }
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
    int threads = Math.min(writing.size(), Runtime.getRuntime().availableProcessors());
    Throwable failure = null;
    if (threads <= 1) {
      for (Reporter r : writing) {
        try {
          r.write(report, outDir);
        } catch (IOException | RuntimeException e) {
          failure = e;
          break;
        }
      }
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
        Thread t = new Thread(runnable, "reporter");
        t.setDaemon(true);
        return t;
      });
      try {
        Map<Reporter, Future<?>> running = new IdentityHashMap<>();
        List<Reporter> longestFirst = new ArrayList<>(writing);
        longestFirst.sort(Comparator.comparingInt(r -> {
          int i = START_ORDER.indexOf(r.getClass());
          return i < 0 ? START_ORDER.size() : i;
        }));
        for (Reporter r : longestFirst) {
          running.put(r, pool.submit(() -> {
            r.write(report, outDir);
            return null;
          }));
        }
        for (Reporter r : writing) {
          Future<?> f = running.get(r);
          try {
            f.get();
          } catch (ExecutionException e) {
            if (failure == null) failure = e.getCause(); else failure.addSuppressed(e.getCause());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (failure == null) failure = new InterruptedIOException("interrupted while writing reports");
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
    if (failure != null) {
      for (Reporter r : writing) {
        try {
          Files.deleteIfExists(outDir.resolve(r.fileName()));
        } catch (IOException suppressed) {
          failure.addSuppressed(suppressed);
        }
      }
      if (failure instanceof IOException io) throw io;
      if (failure instanceof RuntimeException re) throw re;
      if (failure instanceof Error err) throw err;
      throw new IOException(failure);
    }
    List<Path> written = new ArrayList<>();
    for (Reporter r : writing) written.add(outDir.resolve(r.fileName()));
    return written;
  }
}
