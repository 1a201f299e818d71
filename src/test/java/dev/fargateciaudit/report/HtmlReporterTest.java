package dev.fargateciaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.findings.AuditReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReporterTest {
  @TempDir Path out;

  private Document render(AuditReport report) throws Exception {
    new HtmlReporter().write(report, out);
    return Jsoup.parse(Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8));
  }

  @Test
  void headerShowsRunMetadataAndVerdict() throws Exception {
    Document d = render(ReportFixtures.blogReport());
    String header = d.selectFirst("header").text();
    assertThat(header).contains("123456789012", "eu-west-2", "2026-11-28T01:00:00Z", "snapshot", "0.1.0",
        "sha256:0f1e2d3c", "4.2 s", "ec2:DescribeSecurityGroups 2");
    assertThat(d.selectFirst("dt:containsOwn(AWS API calls) + dd").text()).startsWith("6 ");
    assertThat(d.getElementById("verdict").text()).contains("FAILED", "exit code 1");
    assertThat(d.getElementById("summary").text()).contains("4 FAIL", "1 ERROR", "1 WAIVED", "3 PASS", "1 NOT_APPLICABLE",
        "1 critical", "2 high", "1 medium");
  }

  /** Why each failing resource is in scope, and what made the scope incomplete, are in the report (and escaped). */
  @Test
  void scopeReasonsAndScopeGapsAreShown() throws Exception {
    AuditReport base = ReportFixtures.blogReport();
    List<dev.fargateciaudit.findings.Finding> findings = new java.util.ArrayList<>();
    for (var f : base.findings()) {
      var r = f.resource();
      if (f.status() == dev.fargateciaudit.findings.Status.FAIL && r != null && r.type() != null && r.type().equals("AWS::EC2::Subnet")) {
        r = new dev.fargateciaudit.findings.ResourceRef(r.id(), r.type(), r.name(), r.account(), r.region(),
            List.of("the runner config's Subnet (fargate.toml)", "subnet of running CI task <b>0a</b>"));
      }
      findings.add(new dev.fargateciaudit.findings.Finding(f.ruleId(), f.title(), f.area(), f.severity(), f.status(), r,
          f.message(), f.evidence(), f.remediation(), f.waiver(), f.source(), f.isNew()));
    }
    AuditReport report = new AuditReport(base.meta(), base.rules(), findings, base.collectionErrors(), base.waivers(),
        base.inventory(), null, null, List.of("cluster gitlab-ci-prod (ci.clusters) not found in account 123456789012, region eu-west-2"));
    Document d = render(report);
    assertThat(d.getElementById("scope-gaps").text())
        .contains("cluster gitlab-ci-prod (ci.clusters) not found in account 123456789012, region eu-west-2");
    assertThat(d.select("div.scope").eachText()).isNotEmpty()
        .allSatisfy(t -> assertThat(t).isEqualTo("in scope: the runner config's Subnet (fargate.toml); subnet of running CI task <b>0a</b>"));
    assertThat(d.getElementById("by-resource").text()).contains("subnet of running CI task <b>0a</b>");
    assertThat(d.select("#by-resource b")).isEmpty();
    assertThat(render(base).getElementById("scope-gaps")).isNull();
  }

  @Test
  void strictContentSecurityPolicyAndNothingExternal() throws Exception {
    Document d = render(ReportFixtures.blogReport());
    String csp = d.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content");
    assertThat(csp).startsWith("default-src 'none';").contains("script-src 'none'")
        .contains("style-src '" + HtmlReporter.styleHash() + "'").doesNotContain("unsafe");
    assertThat(d.select("script, link, img, iframe, object, embed, [style], [src]")).isEmpty();
    for (Element a : d.select("[href]")) {
      assertThat(a.tagName()).isEqualTo("a");
      assertThat(a.attr("href")).matches("#.+|https://docs\\.aws\\.amazon\\.com/.*");
    }
    assertThat(d.text()).contains("javascript:alert(1)");
    assertThat(d.select("a[href^=javascript]")).isEmpty();
  }

  @Test
  void styleHashMatchesTheInlineStylesheet() throws Exception {
    Document d = render(ReportFixtures.blogReport());
    String css = d.selectFirst("style").data();
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(css.getBytes(StandardCharsets.UTF_8));
    assertThat("sha256-" + java.util.Base64.getEncoder().encodeToString(digest)).isEqualTo(HtmlReporter.styleHash());
  }

  @Test
  void networkPictureHighlightsFailingResources() throws Exception {
    Document d = render(ReportFixtures.blogReport());
    Element svg = d.getElementById("network-picture");
    assertThat(svg).isNotNull();
    assertThat(svg.select("g.node[data-id]").eachAttr("data-id")).contains("i-0runner", "sg-0citasks", "subnet-0ci0a",
        "subnet-0ci0b", "rtb-0ci0a", "rtb-0ci0b", "igw-0blog", "nat-0blog", "eipalloc-0blog", "sg-0efs", "fsmt-0a",
        "fs-0blog", "internet");
    assertThat(svg.select("g.node.failing").eachAttr("data-id"))
        .containsExactlyInAnyOrder("sg-0citasks", "subnet-0ci0a", "fs-0blog");
    assertThat(svg.select("g.edge text").eachText()).contains("tcp/22", "tcp/2049", "0.0.0.0/0");
    assertThat(svg.select("g.edge.failing text").eachText()).contains("tcp/2049");
  }

  @Test
  void findingsGroupedByAreaWithEvidenceRationaleRemediationAndReferences() throws Exception {
    Document d = render(ReportFixtures.blogReport());
    for (String id : ReportFixtures.FAILING_RULES) {
      Element rule = d.getElementById("rule-" + id);
      assertThat(rule).as(id).isNotNull();
      assertThat(rule.text()).contains("Why " + id + " matters.", "Fix " + id + " like this.");
    }
    Element egress = d.getElementById("rule-FCA-EGRESS-001");
    assertThat(egress.select(".finding.st-FAIL")).hasSize(1);
    assertThat(egress.select("table.evidence td").eachText()).contains("defaultRoute", "0.0.0.0/0 -> igw-0blog");
    assertThat(egress.text()).contains("1 passing resources");
    assertThat(egress.select("a[href]").eachAttr("href"))
        .containsExactly("https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html");
    assertThat(d.getElementById("area-egress")).isNotNull();
    assertThat(d.select("#by-resource td").eachText()).anyMatch(t -> t.contains("ci-a (" + ReportFixtures.SUBNET_CI_A_ARN + ")"));
  }

  @Test
  void waivedAndUncheckedAndRuleIndex() throws Exception {
    Document d = render(ReportFixtures.blogReport());
    String waived = d.getElementById("waived").text();
    assertThat(waived).contains("gitlab-runner", "driver needs it until runner 17.x", "security@example.org", "2027-01-31");
    assertThat(waived).contains("Expired waivers", "sg-0old", "2026-01-01");
    String unchecked = d.getElementById("not-checked").text();
    assertThat(unchecked).contains("FCA-IMG-001", "AccessDeniedException", "DescribeSecret", "secretsmanager");
    List<String> indexIds = d.select("#rules tr[id] code").eachText();
    assertThat(indexIds).containsExactly("FCA-EFS-001", "FCA-EGRESS-001", "FCA-EGRESS-002", "FCA-IAM-001",
        "FCA-IMG-001", "FCA-IMG-002", "FCA-PUB-001", "FCA-SG-001");
    assertThat(d.getElementById("index-rule-FCA-EGRESS-002").text()).contains("PASS");
    assertThat(d.getElementById("index-rule-FCA-PUB-001").text()).contains("NOT_APPLICABLE");
    assertThat(d.getElementById("index-rule-FCA-IAM-001").text()).contains("FAIL");
  }

  @Test
  void filtersAreCssOnlyControlsForEveryStatusAndSeverity() throws Exception {
    Document d = render(ReportFixtures.blogReport());
    assertThat(d.select("input.flt").eachAttr("id")).containsExactly("show-FAIL", "show-ERROR", "show-WAIVED",
        "show-PASS", "show-NOT_APPLICABLE", "show-critical", "show-high", "show-medium", "show-low", "show-info");
    assertThat(d.select(".filters label").eachAttr("for")).hasSize(10);
    assertThat(d.selectFirst("style").data()).contains("@media print", "#show-FAIL:not(:checked)~main .st-FAIL");
    assertThat(d.select(".finding.st-FAIL.sv-critical")).hasSize(1);
  }

  @Test
  void reportWithoutInventoryHasNoPictureButEverythingElse() throws Exception {
    AuditReport merged = ReportFixtures.report(null, ReportFixtures.findings(Map.of()), 1);
    Document d = render(merged);
    assertThat(d.getElementById("network-picture")).isNull();
    assertThat(d.getElementById("network").text()).contains("No inventory");
    assertThat(d.getElementById("rule-FCA-SG-001")).isNotNull();
  }

  @Test
  void renderingIsDeterministic() throws Exception {
    new HtmlReporter().write(ReportFixtures.blogReport(), out);
    byte[] first = Files.readAllBytes(out.resolve("report.html"));
    new HtmlReporter().write(ReportFixtures.blogReport(), out);
    assertThat(Files.readAllBytes(out.resolve("report.html"))).isEqualTo(first);
  }

  @Test
  void waivedAndUnevaluatedTablesStopAtTheCapAndCountTheRest() throws Exception {
    var report = LargeReports.generate(24_000, 0.0, 0.25, 0.25, 11);
    long waived = report.findings().stream().filter(f -> f.status() == dev.fargateciaudit.findings.Status.WAIVED).count();
    long errors = report.findings().stream().filter(f -> f.status() == dev.fargateciaudit.findings.Status.ERROR).count();
    assertThat(waived).isGreaterThan(HtmlReportModel.MAX_TABLE_ROWS);
    HtmlReportModel m = HtmlReportModel.of(report);
    assertThat(m.waived()).hasSize(HtmlReportModel.MAX_TABLE_ROWS);
    assertThat(m.waivedNotShown()).isEqualTo(waived - HtmlReportModel.MAX_TABLE_ROWS);
    assertThat(m.errors()).hasSize(HtmlReportModel.MAX_TABLE_ROWS);
    assertThat(m.errorsNotShown()).isEqualTo(errors - HtmlReportModel.MAX_TABLE_ROWS);
    Document d = render(report);
    assertThat(d.getElementById("waived").text()).contains((waived - HtmlReportModel.MAX_TABLE_ROWS) + " more waived findings not listed");
    assertThat(d.getElementById("not-checked").text()).contains((errors - HtmlReportModel.MAX_TABLE_ROWS) + " more unevaluated findings not listed");
  }
}
