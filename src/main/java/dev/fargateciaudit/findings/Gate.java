package dev.fargateciaudit.findings;

import java.util.Collection;

/** Turns findings into the exit code contract of ARCHITECTURE.md. */
public final class Gate {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int BAD_INPUT = 2;
  public static final int INCOMPLETE = 3;
  /** A defect of this tool, not of its input: an exception nothing expected. */
  public static final int INTERNAL_ERROR = 4;

  private Gate() {}

  /**
   * @param failOn the lowest severity that fails the gate, or null for {@code never}
   * @param onlyNew gate only on failures marked new against a baseline
   */
  public static int exitCode(Collection<Finding> findings, Severity failOn, boolean allowIncomplete, boolean onlyNew) {
    return exitCode(findings, failOn, allowIncomplete, onlyNew, java.util.List.of());
  }

  /**
   * @param scopeGaps what made the scope incomplete (a configured reference that names nothing, no CI
   *     task definition at all): like an ERROR, it makes a run that fails nothing incomplete
   */
  public static int exitCode(Collection<Finding> findings, Severity failOn, boolean allowIncomplete, boolean onlyNew,
      Collection<String> scopeGaps) {
    boolean failed = failOn != null && findings.stream().anyMatch(f ->
        f.status() == Status.FAIL && f.severity().atLeast(failOn) && (!onlyNew || f.isNew()));
    if (failed) return FAILED;
    boolean incomplete = !scopeGaps.isEmpty() || findings.stream().anyMatch(f -> f.status() == Status.ERROR);
    return incomplete && !allowIncomplete ? INCOMPLETE : OK;
  }

  /** Parses {@code critical|high|medium|low|never}; null means never. */
  public static Severity parseFailOn(String s) {
    if (s == null || s.equalsIgnoreCase("never")) return null;
    Severity sev = Severity.parse(s);
    if (sev == Severity.INFO) throw new IllegalArgumentException("--fail-on takes critical, high, medium, low or never");
    return sev;
  }
}
