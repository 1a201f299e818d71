package dev.fargateciaudit.drift;

import dev.fargateciaudit.findings.AppliedWaiver;
import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.FindingsJson;
import dev.fargateciaudit.findings.ReportMeta;
import dev.fargateciaudit.findings.ResourceRef;
import dev.fargateciaudit.findings.RuleInfo;
import dev.fargateciaudit.findings.Severity;
import dev.fargateciaudit.findings.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test findings and findings.json files, written with the real writer. */
public final class Findings {
  private Findings() {}

  public static Finding finding(String rule, Status status, String resource, String account, String region) {
    return new Finding(rule, rule + " title", "network", Severity.HIGH, status,
        new ResourceRef(resource, "AWS::EC2::SecurityGroup", null, account, region),
        rule + " on " + resource, Map.of(), "fix it", null, null, false);
  }

  public static Finding waived(String rule, String resource, AppliedWaiver w) {
    return finding(rule, Status.WAIVED, resource, "111111111111", "eu-west-2").withStatus(Status.WAIVED, w);
  }

  public static AuditReport report(List<String> accounts, List<String> regions, Map<String, Long> apiCalls, List<Finding> findings) {
    ReportMeta meta = new ReportMeta("0.1.0", "abc", Instant.parse("2026-11-27T00:00:00Z"), "snapshot",
        accounts, regions, apiCalls, 100, "high", 0);
    List<RuleInfo> rules = findings.stream().map(Finding::ruleId).distinct()
        .map(id -> new RuleInfo(id, id + " title", "network", Severity.HIGH, "securityGroup", "why", "fix", List.of(), id + ".yml"))
        .toList();
    return new AuditReport(meta, rules, findings, List.of(), null, null);
  }

  public static Path write(Path dir, AuditReport report) throws IOException {
    Path file = dir.resolve("findings.json");
    FindingsJson.write(report, file);
    return file;
  }
}
