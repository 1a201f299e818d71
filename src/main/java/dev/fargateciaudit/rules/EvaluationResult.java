package dev.fargateciaudit.rules;

import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.RuleInfo;
import dev.fargateciaudit.findings.WaiverReport;
import java.util.List;

/**
 * What evaluation hands to reports: the rules evaluated, their findings, and the waiver outcome.
 *
 * @param subjects how many subjects the derive step produced
 * @param evaluations how many (rule, subject) pairs were evaluated with CEL (for benchmarks)
 */
public record EvaluationResult(
    List<RuleInfo> rules, List<Finding> findings, WaiverReport waivers, String rulesHash, long subjects, long evaluations) {
  public EvaluationResult {
    rules = List.copyOf(rules);
    findings = List.copyOf(findings);
  }

  public EvaluationResult(List<RuleInfo> rules, List<Finding> findings, WaiverReport waivers, String rulesHash) {
    this(rules, findings, waivers, rulesHash, 0, 0);
  }
}
