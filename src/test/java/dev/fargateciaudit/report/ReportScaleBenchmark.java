package dev.fargateciaudit.report;

import com.sun.management.OperatingSystemMXBean;
import dev.fargateciaudit.findings.AuditReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Times every reporter, and {@code Reporters.writeAll} as a whole, on a generated audit shaped like a
 * synthetic estate's (a benchmark, not a test): by default 1.2 million findings, 6 % FAIL, 2 %
 * ERROR, 2 % WAIVED, the rest PASS. Prints wall and process CPU time (GC included), output size and
 * the heap pools' peak above what the findings take.
 *
 * <p>Run: {@code java -Xmx3g -cp target/test-classes:target/fargate-ci-audit.jar
 * dev.fargateciaudit.report.ReportScaleBenchmark [findings] [failShare] [rounds]}.
 */
public final class ReportScaleBenchmark {
  private ReportScaleBenchmark() {}

  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_200_000;
    double failShare = args.length > 1 ? Double.parseDouble(args[1]) : 0.06;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    long g0 = System.nanoTime();
    AuditReport generated = LargeReports.generate(n, failShare, 0.02, 0.02, 42);
    System.out.printf("generated %,d findings in %d ms%n", n, (System.nanoTime() - g0) / 1_000_000);
    long baseHeap = liveHeap();
    System.out.printf("live heap with the findings: %d MiB%n", baseHeap >> 20);
    Path dir = Files.createTempDirectory("fca-scale");
    for (int round = 1; round <= rounds; round++) {
      AuditReport report = time(round, "AuditReport (sort)", baseHeap, () -> new AuditReport(generated.meta(),
          generated.rules(), generated.findings(), generated.collectionErrors(), generated.waivers(), generated.inventory()));
      time(round, "HtmlReportModel", baseHeap, () -> HtmlReportModel.of(report));
      for (Reporter r : Reporters.all()) {
        time(round, r.fileName(), baseHeap, () -> {
          r.write(report, dir);
          return null;
        });
        System.out.printf("      size %s: %.2f MB%n", r.fileName(), Files.size(dir.resolve(r.fileName())) / 1e6);
      }
      time(round, "TerminalSummary", baseHeap, () -> {
        TerminalSummary.print(report, List.of(), new PrintWriter(new StringWriter()), false, false);
        return null;
      });
      time(round, "Reporters.writeAll", baseHeap, () -> Reporters.writeAll(report, dir, Set.of()));
    }
    try (var s = Files.list(dir)) {
      s.forEach(p -> p.toFile().delete());
    }
    Files.delete(dir);
  }

  interface Step<T> {
    T run() throws Exception;
  }

  private static <T> T time(int round, String what, long baseHeap, Step<T> step) throws Exception {
    System.gc();
    resetPeaks();
    long cpu0 = OS.getProcessCpuTime();
    long t0 = System.nanoTime();
    T result = step.run();
    long wall = (System.nanoTime() - t0) / 1_000_000;
    long cpu = (OS.getProcessCpuTime() - cpu0) / 1_000_000;
    System.out.printf("round %d %-22s %6d ms wall %6d ms CPU  peak heap +%d MiB  (load %.1f)%n", round, what, wall, cpu,
        Math.max(0, peakHeap() - baseHeap) >> 20, OS.getSystemLoadAverage());
    return result;
  }

  private static long liveHeap() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
  }

  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
    }
    return sum;
  }
}
