package dev.fargateciaudit.loadtools;

import dev.fargateciaudit.cli.Main;
import dev.fargateciaudit.cli.VersionProvider;
import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.derive.Derivation;
import dev.fargateciaudit.derive.Subjects;
import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.findings.ReportMeta;
import dev.fargateciaudit.input.Mappers;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.SnapshotFile;
import dev.fargateciaudit.inventory.InventoryJson;
import dev.fargateciaudit.report.Reporters;
import dev.fargateciaudit.rules.Evaluation;
import dev.fargateciaudit.rules.EvaluationResult;
import dev.fargateciaudit.rules.RuleSet;
import dev.fargateciaudit.synth.SynthSpec;
import dev.fargateciaudit.synth.SyntheticEstate;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {
      "Benchmarks the audit pipeline on synthetic estates (see 'synth') and prints the numbers:",
      "rule loading, load, derive, evaluate and report times, peak heap, JIT time, subjects, (rule, subject)",
      "evaluations and evaluations per second for each scale; then the wall time of whole 'audit --snapshot' runs",
      "of the largest scale, each a separate process (JVM start included), and their median."
    })
public final class BenchCommand implements Callable<Integer> {
  /** Bumped whenever the generator's output changes, so cached estates are not reused across it. */
  static final int SYNTH_FORMAT = 1;

  @Spec CommandSpec spec;

  @Option(names = "--scales", split = ",", paramLabel = "N", defaultValue = "1000,10000,100000",
      description = "Scales to run (default ${DEFAULT-VALUE}).")
  List<Integer> scales;

  @Option(names = "--rules", paramLabel = "DIR", description = "Additional rule folder (repeatable), as for audit.")
  List<Path> ruleDirs = new ArrayList<>();

  @Option(names = "--seed", defaultValue = "1", description = "Synthetic estate seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--cache-dir", defaultValue = "target/synth", paramLabel = "DIR",
      description = "Where synthetic estates are cached and reports written (default ${DEFAULT-VALUE}).")
  Path cacheDir;

  @Option(names = "--eval-rounds", defaultValue = "5", paramLabel = "N",
      description = "Evaluate each estate N times: the first run is what an audit pays (cold JIT), the best one the"
          + " steady-state throughput (default ${DEFAULT-VALUE}).")
  int evalRounds;

  @Option(names = "--load-variants", description = "Also time alternative ways of reading the snapshot (tree, stream).")
  boolean loadVariants;

  @Option(names = "--launcher", defaultValue = "./fargate-ci-audit", paramLabel = "CMD",
      description = "Command for the whole-run measurement: a launcher path, 'self' (this JVM's java and class path) or 'none' (default ${DEFAULT-VALUE}).")
  String launcher;

  @Option(names = "--whole-run-scale", paramLabel = "N", description = "Scale of the whole-run measurement (default: the largest of --scales).")
  Integer wholeRunScale;

  /** One whole run is one sample of a noisy machine: a verdict takes several, and their median. */
  @Option(names = "--whole-runs", defaultValue = "3", paramLabel = "N",
      description = "Whole runs to time, one after another; their median is printed too (default ${DEFAULT-VALUE}).")
  int wholeRuns;

  @Option(names = "--xmx", defaultValue = "1536m", description = "Heap limit of the whole-run process (default ${DEFAULT-VALUE}).")
  String xmx;

  @Option(names = "--debug", description = "Show stack traces of errors.")
  boolean debug;

  private PrintWriter out;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    for (int n : scales) if (n < 1) throw new IllegalArgumentException("--scales must be positive");
    if (wholeRuns < 1) throw new IllegalArgumentException("--whole-runs must be at least 1");
    HeapMeter heap = new HeapMeter();
    out.printf("bench: %d cores, max heap %s, initial heap %s, java %s%n", Runtime.getRuntime().availableProcessors(),
        mb(heap.maxHeapBytes()), mb(heap.initialHeapBytes()), System.getProperty("java.version"));
    if (heap.initialHeapBytes() < heap.maxHeapBytes()) {
      // A collection that grows the heap lands in whichever stage happens to fill it.
      out.println("  (the heap is not fixed: give -Xms as large as -Xmx, or a collection that grows it lands in a stage)");
    }
    MachineReference machine = MachineReference.measure();
    out.printf(Locale.ROOT, "machine: one thread sorts %,d ints in %d ms; %s of fresh memory zeroed in %d ms"
        + " (the machine's own speed, to compare runs of other days)%n",
        MachineReference.SORTED, machine.sortMillis(), mb(MachineReference.FRESH), machine.freshMemoryMillis());
    for (int n : scales) runScale(n);
    if (!"none".equals(launcher)) {
      int n = wholeRunScale != null ? wholeRunScale : Collections.max(scales);
      if (!wholeRun(n)) return 2;
    }
    out.flush();
    return 0;
  }

  private Path estate(int n) throws IOException {
    Path file = cacheDir.resolve("synth-v" + SYNTH_FORMAT + "-" + n + "-s" + seed + ".json");
    if (Files.isRegularFile(file)) {
      out.printf("scale %,d: %s (cached, %s)%n", n, file, mb(Files.size(file)));
    } else {
      long t0 = System.nanoTime();
      new SyntheticEstate(new SynthSpec(n, seed), VersionProvider.version()).write(file);
      out.printf("scale %,d: %s (generated in %d ms, %s)%n", n, file, ms(t0), mb(Files.size(file)));
    }
    return file;
  }

  private void runScale(int n) throws IOException {
    Path file = estate(n);
    SnapshotFile snapshot = SnapshotFile.of(file);
    HeapMeter heap = new HeapMeter();
    System.gc();
    heap.reset();
    long jit0 = HeapMeter.jitMillis();

    long t0 = System.nanoTime();
    long cpu0 = HeapMeter.processCpuNanos();
    long gc0 = HeapMeter.gcMillis();
    Inventory inventory = InventoryJson.load(file);
    long loadMs = ms(t0);
    long loadCpuMs = (HeapMeter.processCpuNanos() - cpu0) / 1_000_000;
    line("load", "%d ms  (InventoryJson.load: read, schema validation, binding; %d ms CPU, %d ms in GC)", loadMs,
        loadCpuMs, HeapMeter.gcMillis() - gc0);
    System.gc();
    line("inventory heap", "%s  (live heap after load and a full GC)", mb(heap.usedHeapBytes()));
    if (loadVariants) timeLoadVariants(file, loadMs);

    long t0r = System.nanoTime();
    RuleSet rules = RuleSet.load(ruleDirs);
    line("rules", "%d ms  (%d rules loaded and compiled)", ms(t0r), rules.rules().size());
    // Each stage starts from a collected heap, so it pays for its own garbage, not the stage's before.
    System.gc();
    long t1 = System.nanoTime();
    long gc1 = HeapMeter.gcMillis();
    Subjects subjects = Derivation.derive(inventory, AuditConfig.DEFAULTS);
    line("derive", "%d ms  (Derivation.derive: indexes and subjects; %d ms in GC)", ms(t1), HeapMeter.gcMillis() - gc1);
    System.gc();
    long t2 = System.nanoTime();
    long cpu2 = HeapMeter.processCpuNanos();
    long gc2 = HeapMeter.gcMillis();
    EvaluationResult result = Evaluation.evaluate(rules, subjects, inventory, List.of(), LocalDate.now());
    long evalNanos = System.nanoTime() - t2;
    long evalCpuMs = (HeapMeter.processCpuNanos() - cpu2) / 1_000_000;
    line("evaluate", "%d ms  (Evaluation.evaluate: every rule on every subject, %d ms CPU, %d ms in GC, %,d findings)",
        evalNanos / 1_000_000, evalCpuMs, HeapMeter.gcMillis() - gc2, result.findings().size());
    long bestNanos = evalNanos;
    for (int round = 1; round < evalRounds; round++) {
      long t = System.nanoTime();
      Evaluation.evaluate(rules, subjects, inventory, List.of(), LocalDate.now());
      bestNanos = Math.min(bestNanos, System.nanoTime() - t);
    }
    subjects = null;
    if (evalRounds > 1) {
      line("evaluate warm", "%d ms  (best of %d runs of Evaluation.evaluate on the same subjects)", bestNanos / 1_000_000,
          evalRounds);
    }
    report(n, inventory, snapshot, result);
    line("subjects", "%,d", result.subjects());
    line("evaluations", "%,d  ((rule, subject) pairs judged by their CEL expressions; CEL ran on %,d, the rest"
        + " repeated what a rule reads of a subject judged before)", result.evaluations(), result.celEvaluations());
    line("evaluations/s", "%,.0f  (evaluations / first evaluate wall time)",
        evalNanos == 0 ? 0.0 : result.evaluations() * 1e9 / evalNanos);
    if (evalRounds > 1) {
      line("evaluations/s warm", "%,.0f  (evaluations / best evaluate wall time, both cores)",
          bestNanos == 0 ? 0.0 : result.evaluations() * 1e9 / bestNanos);
    }
    line("peak heap", "%s  (heap max %s; %d GCs, %d ms in GC)", mb(heap.peakHeapBytes()), mb(heap.maxHeapBytes()),
        heap.gcCountSinceReset(), heap.gcMillisSinceReset());
    // On two cores the compilers' threads compete with the stages for CPU.
    line("jit", "%d ms  (compiling, on the JIT's own threads, during this scale)", HeapMeter.jitMillis() - jit0);
  }

  /** @param snapshot the file the inventory was read from, so inventory.json is its bytes as in audit (copied here, among the reports, where audit copies it ahead of them) */
  private void report(int n, Inventory inventory, SnapshotFile snapshot, EvaluationResult result) throws IOException {
    Path dir = cacheDir.resolve("bench-reports-" + n);
    var meta = inventory.meta();
    ReportMeta reportMeta = new ReportMeta(VersionProvider.version(), result.rulesHash(), Instant.now(), "snapshot",
        meta == null || meta.accountId() == null ? List.of() : List.of(meta.accountId()),
        meta == null ? List.of() : meta.regions(), null, 0, "high", 0);
    System.gc();
    long t0 = System.nanoTime();
    long gc0 = HeapMeter.gcMillis();
    AuditReport report = new AuditReport(reportMeta, result.rules(), result.findings(), inventory.collectionErrors(),
        result.waivers(), inventory, snapshot);
    Reporters.writeAll(report, dir, new LinkedHashSet<>());
    line("report", "%d ms  (every format, to %s; %d ms in GC)", ms(t0), dir, HeapMeter.gcMillis() - gc0);
  }

  /** Times the parts of a load and alternatives to it, each after the full load has warmed the JIT. */
  private void timeLoadVariants(Path file, long loadMs) throws IOException {
    long t0 = System.nanoTime();
    byte[] bytes = Files.readAllBytes(file);
    long readMs = ms(t0);
    line("load variant", "%d ms  read the file into memory", readMs);
    long t1 = System.nanoTime();
    Mappers.json().readValue(bytes, Inventory.class);
    long bindMs = ms(t1);
    line("load variant", "%d ms  record binding from the bytes (so validation and the rest of load: about %d ms)",
        bindMs, Math.max(0, loadMs - readMs - bindMs));
    long t2 = System.nanoTime();
    Mappers.json().readTree(bytes);
    line("load variant", "%d ms  JsonNode tree from the bytes (what tree-based schema validation builds first)", ms(t2));
    bytes = null; // the stream variant below must not be charged for a second copy
    long t3 = System.nanoTime();
    try (InputStream in = Files.newInputStream(file)) {
      Mappers.json().readValue(in, Inventory.class);
    }
    line("load variant", "%d ms  record binding from a file stream (no whole-file byte[])", ms(t3));
  }

  private boolean wholeRun(int n) throws IOException, InterruptedException {
    Path file = estate(n);
    Path reports = cacheDir.resolve("bench-whole-run-" + n);
    List<String> base = new ArrayList<>();
    List<String> env = new ArrayList<>();
    if ("self".equals(launcher)) {
      base.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      base.add("-Xmx" + xmx);
      base.add("-cp");
      base.add(System.getProperty("java.class.path"));
      base.add(Main.class.getName());
    } else {
      base.add(launcher);
      env.add("-Xmx" + xmx);
    }
    runProcess(concat(base, List.of("--version")), env);
    List<String> cmd = concat(base, List.of("audit", "--snapshot", file.toString(), "--out", reports.toString(), "--quiet"));
    String shown = String.join(" ", concat(List.of(base.get(0)), cmd.subList(cmd.indexOf("audit"), cmd.size())));
    long[] walls = new long[wholeRuns];
    for (int run = 0; run < wholeRuns; run++) {
      long t0 = System.nanoTime();
      int code = runProcess(cmd, env);
      walls[run] = ms(t0);
      if (code != 0 && code != 1 && code != 3) {
        line("whole run", "did not complete: exit %d after %d ms  (%s, -Xmx%s)", code, walls[run], shown, xmx);
        return false;
      }
      line("whole run", "%d ms wall  (run %d of %d: %s, -Xmx%s, JVM start included; exit %d)",
          walls[run], run + 1, wholeRuns, shown, xmx, code);
    }
    Arrays.sort(walls);
    line("whole run", "median %d ms wall of %d runs (%d-%d ms)", median(walls), wholeRuns, walls[0], walls[walls.length - 1]);
    return true;
  }

  /** The median of sorted values; of an even count, the mean of the middle two. */
  static long median(long[] sorted) {
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private int runProcess(List<String> cmd, List<String> javaOpts) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (!javaOpts.isEmpty()) pb.environment().put("FCA_JAVA_OPTS", String.join(" ", javaOpts));
    Process p = pb.start();
    List<String> tail = new ArrayList<>();
    try (var reader = p.inputReader()) {
      String l;
      while ((l = reader.readLine()) != null) {
        tail.add(l);
        if (tail.size() > 5) tail.remove(0);
      }
    }
    if (!p.waitFor(30, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return -1;
    }
    if (p.exitValue() == 2) for (String l : tail) out.println("  | " + l);
    return p.exitValue();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> r = new ArrayList<>(a);
    r.addAll(b);
    return r;
  }

  private void line(String metric, String format, Object... args) {
    out.printf(Locale.ROOT, "  %-14s %s%n", metric, String.format(Locale.ROOT, format, args));
    out.flush();
  }

  private static long ms(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }
}
