package dev.fargateciaudit.rules;

import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.RuleInfo;
import dev.fargateciaudit.findings.WaiverReport;
import java.util.List;

/** What evaluation hands to reports: the rules evaluated, their findings, and the waiver outcome. */
public record EvaluationResult(List<RuleInfo> rules, List<Finding> findings, WaiverReport waivers, String rulesHash) {
  public EvaluationResult {
    rules = List.copyOf(rules);
    findings = List.copyOf(findings);
  }
}
