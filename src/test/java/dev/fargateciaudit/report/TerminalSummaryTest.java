package dev.fargateciaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.input.Mappers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalSummaryTest {
  private static final List<Path> WRITTEN = List.of(Path.of("reports/report.html"), Path.of("reports/junit.xml"));

  private static String print(AuditReport report, boolean json, boolean colour) {
    StringWriter sw = new StringWriter();
    TerminalSummary.print(report, WRITTEN, new PrintWriter(sw), json, colour);
    return sw.toString();
  }

  @Test
  void textSummaryFitsOneScreenAndSaysWhatMatters() {
    String s = print(ReportFixtures.blogReport(), false, false);
    assertThat(s).contains("4 FAIL", "1 ERROR", "1 WAIVED", "3 PASS", "1 NOT_APPLICABLE",
        "1 critical", "2 high", "1 medium",
        "reports/report.html, reports/junit.xml",
        "exit 1: the gate fails: findings at or above --fail-on high",
        "1 AWS reads failed");
    assertThat(s).doesNotContain("\u001b[");
    List<String> lines = s.lines().toList();
    assertThat(lines.size()).isLessThanOrEqualTo(24);
    List<String> ruleLines = lines.stream().filter(l -> l.startsWith("    ") && l.contains("FCA-")).toList();
    assertThat(ruleLines).hasSize(5);
    assertThat(ruleLines.get(0)).contains("critical", "FCA-SG-001", "1 resource ");
    assertThat(ruleLines.get(ruleLines.size() - 1)).contains("error", "FCA-IMG-001");
  }

  @Test
  void colourOnlyWhenAsked() {
    assertThat(print(ReportFixtures.blogReport(), false, true)).contains("\u001b[31m", "\u001b[0m");
  }

  @Test
  void manyFailingRulesAreCutToKeepOneScreen() {
    List<dev.fargateciaudit.findings.Finding> many = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      many.add(ReportFixtures.finding(String.format("FCA-X-%03d", i), "x", dev.fargateciaudit.findings.Severity.HIGH,
          dev.fargateciaudit.findings.Status.FAIL, ReportFixtures.ref("sg-" + i, "AWS::EC2::SecurityGroup"), "m", Map.of()));
    }
    String s = print(ReportFixtures.report(ReportFixtures.blogInventory(), many, 1), false, false);
    assertThat(s).contains("... and 25 more");
    assertThat(s.lines().count()).isLessThanOrEqualTo(24);
  }

  @Test
  void jsonSummaryIsOneCompactLine() throws Exception {
    String s = print(ReportFixtures.blogReport(), true, true);
    assertThat(s.strip()).doesNotContain("\n").doesNotContain("\u001b");
    JsonNode n = Mappers.json().readTree(s);
    assertThat(n.get("exitCode").asInt()).isEqualTo(1);
    assertThat(n.get("byStatus").get("FAIL").asLong()).isEqualTo(4);
    assertThat(n.get("failuresBySeverity").get("critical").asLong()).isEqualTo(1);
    assertThat(n.get("failingRules").get(0).get("ruleId").asText()).isEqualTo("FCA-SG-001");
    assertThat(n.get("failingRules").get(0).get("resources").asLong()).isEqualTo(1);
    assertThat(n.get("reports").get(1).asText()).isEqualTo("reports/junit.xml");
    assertThat(n.get("collectionErrors").asInt()).isEqualTo(1);
  }

  @Test
  void everyExitCodeIsExplained() {
    assertThat(TerminalSummary.exitMeaning(0, "high")).isEqualTo("nothing at or above --fail-on high fails");
    assertThat(TerminalSummary.exitMeaning(2, "high")).contains("bad");
    assertThat(TerminalSummary.exitMeaning(3, "high")).contains("could not be evaluated", "--allow-incomplete");
  }

  /** The same report run with a baseline and --fail-on-new, with one unmatched waiver. */
  private static AuditReport againstBaseline(boolean found) {
    AuditReport r = ReportFixtures.blogReport();
    dev.fargateciaudit.findings.ReportMeta m = r.meta();
    String source = found ? "reports/fargate-ci-audit/findings.json of pipeline #1234 (schedule on main)" : "none: HTTP 404";
    dev.fargateciaudit.findings.ReportMeta meta = new dev.fargateciaudit.findings.ReportMeta(m.toolVersion(), m.rulesHash(),
        m.generatedAt(), m.source(), m.accounts(), m.regions(), m.apiCalls(), m.collectionMillis(), "medium", 1,
        new dev.fargateciaudit.findings.RunInputs("audit.yml", "deploy/planned", "waivers.yml", source, found), null);
    var unmatched = new dev.fargateciaudit.findings.AppliedWaiver("FCA-PORTS-001", "sg-0gone", null, "r", "a", null);
    var waivers = new dev.fargateciaudit.findings.WaiverReport(r.waivers().expired(), List.of(unmatched));
    var comparison = found ? new dev.fargateciaudit.findings.BaselineComparison(2, List.of(r.findings().get(0))) : null;
    return new AuditReport(meta, r.rules(), r.findings(), r.collectionErrors(), waivers, r.inventory(), null, comparison);
  }

  @Test
  void saysWhichWaiversDidNotWaiveWhatIsNewAndWhichThresholdDecided() throws Exception {
    String s = print(againstBaseline(true), false, false);
    assertThat(s).contains("  baseline: 2 new, 1 fixed (reports/fargate-ci-audit/findings.json of pipeline #1234 (schedule on main))")
        .contains("  waiver expired: FCA-SG-001 sg-0old (expired 2026-01-01)")
        .contains("  waiver matched nothing: FCA-PORTS-001 sg-0gone")
        .contains("exit 1: the gate fails (--fail-on-new): new failures at or above --fail-on medium");
    JsonNode n = Mappers.json().readTree(print(againstBaseline(true), true, false));
    assertThat(n.get("decidedBy").asText()).isEqualTo("--fail-on-new");
    assertThat(n.at("/baseline/newFailures").asLong()).isEqualTo(2);
    assertThat(n.at("/baseline/fixed").asInt()).isEqualTo(1);
    assertThat(n.at("/waivers/expired/0").asText()).isEqualTo("FCA-SG-001 sg-0old (expired 2026-01-01)");
    assertThat(n.at("/waivers/unmatched/0").asText()).isEqualTo("FCA-PORTS-001 sg-0gone");

    String fallback = print(againstBaseline(false), false, false);
    assertThat(fallback).contains("  baseline: no baseline (none: HTTP 404)")
        .contains("exit 1: the gate fails: findings at or above --fail-on medium");
    assertThat(Mappers.json().readTree(print(againstBaseline(false), true, false)).get("decidedBy").asText())
        .isEqualTo("--fail-on medium");
  }
}
