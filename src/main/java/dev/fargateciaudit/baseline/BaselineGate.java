package dev.fargateciaudit.baseline;

import dev.fargateciaudit.drift.FindingsDiff;
import dev.fargateciaudit.findings.Baseline;
import dev.fargateciaudit.findings.BaselineComparison;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.Status;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;

/**
 * A run's findings judged against a resolved baseline: failures absent from it marked new, its
 * failures that this run fixed listed, and the gate's mode. Without a baseline {@code --fail-on-new}
 * cannot judge anything, so the gate falls back to every failure at or above {@code --fail-on},
 * and says so on stderr: a merge request must not pass because the baseline went missing.
 *
 * @param findings the findings, marked new where a baseline was found
 * @param comparison new and fixed counts; null without a baseline
 * @param onlyNew whether the gate judges only new failures
 * @param label where the baseline came from, or {@code none: why}
 */
public record BaselineGate(List<Finding> findings, BaselineComparison comparison, boolean onlyNew, String label) {

  public static BaselineGate apply(BaselineSource.Resolved resolved, List<Finding> findings, boolean failOnNew,
      String failOn, LocalDate today, PrintWriter err) {
    if (resolved == null) return new BaselineGate(findings, null, false, null);
    if (!resolved.found()) {
      err.println("fargate-ci-audit: no baseline: " + resolved.label() + "; "
          + (failOnNew ? "--fail-on-new falls back to an absolute gate: every failure at or above --fail-on " + failOn + " fails it"
              : "no failure is marked new"));
      err.flush();
      return new BaselineGate(findings, null, false, "none: " + resolved.label());
    }
    List<Finding> previous = resolved.document().findings();
    List<Finding> marked = Baseline.markNew(findings, previous);
    FindingsDiff diff = FindingsDiff.between(previous, marked, today, FindingsDiff.DEFAULT_WINDOW_DAYS);
    long newFailures = marked.stream().filter(f -> f.status() == Status.FAIL && f.isNew()).count();
    BaselineComparison comparison = new BaselineComparison(newFailures, diff.fixed().stream().map(FindingsDiff.Fixed::finding).toList());
    err.println("fargate-ci-audit: baseline: " + resolved.label() + " (" + newFailures + " new, "
        + comparison.fixed().size() + " fixed)");
    err.flush();
    return new BaselineGate(marked, comparison, failOnNew, resolved.label());
  }
}
