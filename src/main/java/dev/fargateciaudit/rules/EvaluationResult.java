package dev.fargateciaudit.rules;

import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.RuleInfo;
import dev.fargateciaudit.findings.WaiverReport;
import java.util.List;

/**
 * What evaluation hands to reports: the rules evaluated, their findings, and the waiver outcome.
 *
 * @param subjects how many subjects the derive step produced
 * @param evaluations how many (rule, subject) pairs were judged by their CEL expressions (for benchmarks)
 * @param celEvaluations of those, how many ran CEL; the others repeated what the rule reads of a
 *     subject judged before ({@link RuleMemo})
 * @param scopeGaps configured references that name nothing, and an empty scope: one line each
 *     ({@code derive.ScopeGaps}); the run is incomplete when there is one
 */
public record EvaluationResult(
    List<RuleInfo> rules, List<Finding> findings, WaiverReport waivers, String rulesHash, long subjects, long evaluations,
    long celEvaluations, List<String> scopeGaps) {
  public EvaluationResult {
    rules = List.copyOf(rules);
    findings = List.copyOf(findings);
    scopeGaps = scopeGaps == null ? List.of() : List.copyOf(scopeGaps);
  }

  public EvaluationResult(List<RuleInfo> rules, List<Finding> findings, WaiverReport waivers, String rulesHash) {
    this(rules, findings, waivers, rulesHash, 0, 0, 0, List.of());
  }
}
