package dev.fargateciaudit.findings;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Marks failures that a previous run's {@code findings.json} did not have. Findings are matched by
 * {@link Finding#key()} (rule, account, region, resource). A failure is new unless the baseline had
 * the same key failing ({@code FAIL}, or {@code WAIVED}: the problem was there, only accepted).
 */
public final class Baseline {
  private Baseline() {}

  /**
   * @return the findings in the same order, each {@code FAIL} with {@code isNew} set by the baseline
   *     and every other status with {@code isNew} false
   * @throws dev.fargateciaudit.input.BadInputException when the baseline cannot be read
   */
  public static List<Finding> markNew(List<Finding> findings, Path baselineFindingsJson) {
    return markNew(findings, FindingsFile.read(baselineFindingsJson).findings());
  }

  /** The pure form of {@link #markNew(List, Path)}, given the baseline's findings. */
  public static List<Finding> markNew(List<Finding> findings, Collection<Finding> baseline) {
    Set<String> failing = failingKeys(baseline);
    return findings.stream()
        .map(f -> f.markNew(f.status() == Status.FAIL && !failing.contains(f.key())))
        .toList();
  }

  /** Keys of the findings that were failing, accepted or not. */
  public static Set<String> failingKeys(Collection<Finding> findings) {
    return findings.stream().filter(Baseline::isFailing).map(Finding::key).collect(Collectors.toSet());
  }

  static boolean isFailing(Finding f) {
    return f.status() == Status.FAIL || f.status() == Status.WAIVED;
  }
}
