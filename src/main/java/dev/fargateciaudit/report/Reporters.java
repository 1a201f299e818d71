package dev.fargateciaudit.report;

import dev.fargateciaudit.findings.AuditReport;
import java.io.IOException;
import dev.fargateciaudit.input.IoErrors;
import dev.fargateciaudit.output.AtomicFiles;
import dev.fargateciaudit.output.OutputFolder;
import java.nio.file.FileSystemException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
   * The order reporters start in on the pool: longest first, as measured at a few thousand task
   * definitions (JUnit, which escapes and names every testcase, then findings.json, then the HTML;
   * the inventory is most often a file copy), so that on two threads the longest does not start
   * after another has finished. Reports and errors keep {@link #ALL}'s order.
   */
  private static final List<Class<?>> START_ORDER =
      List.of(JunitReporter.class, JsonReporter.class, HtmlReporter.class, InventoryReporter.class);

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

  /** The files {@code formats} (as {@link #parseFormats} returns them) write. */
  public static List<String> fileNames(Set<String> formats) {
    return ALL.stream().filter(r -> formats.contains(r.format())).map(Reporter::fileName).toList();
  }

  /** Writes one report, keeping what it wrote (when the reporter knows it) under its file name in {@code written}. */
  private static void write(Reporter r, AuditReport report, Path outDir, Path shownDir,
      Map<String, AtomicFiles.Written> written) throws IOException {
    try {
      AtomicFiles.Written w = r.write(report, outDir);
      if (w != null) written.put(r.fileName(), w);
    } catch (IOException e) {
      IOException root = e;
      while (root.getCause() instanceof IOException cause) root = cause;
      FileSystemException named = new FileSystemException(shownDir.resolve(r.fileName()).toString(), null, IoErrors.describe(root));
      named.initCause(e);
      throw named;
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

  /** As {@link #writeAll(AuditReport, Path, Set, Collection, Collection)} for a run with no input files to protect. */
  public static List<Path> writeAll(AuditReport report, Path outDir, Set<String> formats) throws IOException {
    return writeAll(report, outDir, formats, List.of(), List.of());
  }

  /**
   * Writes every reporter whose format is in {@code formats} (all when empty) into {@code outDir},
   * under the rules of {@link OutputFolder}: staged, then moved into place together; this tool's
   * files of an earlier run that this run does not write are removed, so that no stale
   * {@code junit.xml} can be taken for this run's result; inputs are never replaced or removed. The
   * reporters run in parallel on up to as many threads as there are processors (a large audit's
   * {@code inventory.json} and {@code findings.json} are hundreds of megabytes each; HTML and JUnit
   * are CPU-bound). If one fails, the folder is left as it was.
   *
   * @param inputs the files the run read
   * @param protectedPaths files the run writes there itself afterwards ({@code --save-snapshot})
   * @return the files written, in reporter order
   * @throws IllegalArgumentException on an unknown format, before anything is touched
   */
  public static List<Path> writeAll(AuditReport report, Path outDir, Set<String> formats, Collection<Path> inputs,
      Collection<Path> protectedPaths) throws IOException {
    Set<String> chosen = parseFormats(formats);
    List<Reporter> writing = new ArrayList<>();
    for (Reporter r : ALL) {
      boolean skip = !chosen.contains(r.format()) || (r instanceof InventoryReporter && report.inventory() == null);
      if (!skip) writing.add(r);
    }
    Set<String> names = ALL.stream().map(Reporter::fileName).collect(Collectors.toSet());
    try (OutputFolder folder = OutputFolder.open(outDir, names, inputs)) {
      // What each report wrote, taken as it wrote it, so the manifest need not read the reports back.
      Map<String, AtomicFiles.Written> written = new ConcurrentHashMap<>();
      write(report, folder.staging(), outDir, writing, written);
      return folder.commit(writing.stream().map(Reporter::fileName).toList(), protectedPaths, written);
    }
  }

  /** Writes each reporter's file into {@code outDir}; a failure names the file as {@code shownDir} holds it. */
  private static void write(AuditReport report, Path outDir, Path shownDir, List<Reporter> writing,
      Map<String, AtomicFiles.Written> written) throws IOException {
    int threads = Math.min(writing.size(), Runtime.getRuntime().availableProcessors());
    Throwable failure = null;
    if (threads <= 1) {
      for (Reporter r : writing) {
        try {
          write(r, report, outDir, shownDir, written);
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
            write(r, report, outDir, shownDir, written);
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
      if (failure instanceof IOException io) throw io;
      if (failure instanceof RuntimeException re) throw re;
      if (failure instanceof Error err) throw err;
      throw new IOException(failure);
    }
  }
}
