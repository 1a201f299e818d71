package dev.fargateciaudit.report;

import dev.fargateciaudit.findings.AuditReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Prints the size and write time of every report for generated audits (a benchmark, not a test).
 * Run: {@code java -cp target/test-classes:target/fargate-ci-audit.jar:$JSOUP dev.fargateciaudit.report.ReportBenchmark [findings]}.
 */
public final class ReportBenchmark {
  private ReportBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    for (double failShare : new double[] {0.2, 0.9}) {
      AuditReport report = LargeReports.generate(n, failShare, 42);
      Path dir = Files.createTempDirectory("fca-bench");
      for (int round = 1; round <= 2; round++) {
        for (Reporter r : Reporters.all()) {
          if (!Set.of("html", "junit", "json").contains(r.format())) continue;
          long t0 = System.nanoTime();
          r.write(report, dir);
          long ms = (System.nanoTime() - t0) / 1_000_000;
          long bytes = Files.size(dir.resolve(r.fileName()));
          System.out.printf("findings=%d fail=%.0f%% round=%d %-13s %8.2f MB %6d ms%n", n, failShare * 100, round,
              r.fileName(), bytes / 1048576.0, ms);
        }
      }
      try (var s = Files.list(dir)) {
        s.forEach(p -> p.toFile().delete());
      }
      Files.delete(dir);
    }
  }
}
