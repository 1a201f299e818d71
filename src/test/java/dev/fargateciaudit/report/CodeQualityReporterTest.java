package dev.fargateciaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.fargateciaudit.cli.Main;
import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.FindingKey;
import dev.fargateciaudit.findings.FindingsJson;
import dev.fargateciaudit.findings.ReportMeta;
import dev.fargateciaudit.findings.ResourceRef;
import dev.fargateciaudit.findings.Severity;
import dev.fargateciaudit.findings.Status;
import dev.fargateciaudit.input.Mappers;
import dev.fargateciaudit.inventory.Source;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gl-code-quality-report.json: GitLab's documented format, one issue per failing key, stable fingerprints. */
class CodeQualityReporterTest {
  static final Schema SCHEMA;

  static {
    try {
      JsonNode node = Mappers.json().readTree(Files.readAllBytes(Path.of("src/test/resources/gitlab/code-quality-report.schema.json")));
      SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(node);
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @TempDir Path out;

  static JsonNode validated(Path file) throws Exception {
    JsonNode report = Mappers.json().readTree(Files.readAllBytes(file));
    assertThat(SCHEMA.validate(report)).as("schema errors").isEmpty();
    List<String> fingerprints = new ArrayList<>();
    report.forEach(i -> fingerprints.add(i.get("fingerprint").asText()));
    assertThat(fingerprints).doesNotHaveDuplicates();
    return report;
  }

  @Test
  void theBlogEstatesFailuresAreOneIssueEachInGitLabsFormat() throws Exception {
    int code = Main.run(new String[] {"audit", "--config", "examples/blog-setup/audit.yml", "--snapshot",
        "examples/blog-setup/inventory.json", "--out", out.toString(), "--quiet", "--format", "json,codequality"},
        new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
    assertThat(code).isEqualTo(1);
    assertThat(Files.list(out).map(p -> p.getFileName().toString()).collect(Collectors.toSet()))
        .isEqualTo(Set.of("findings.json", "gl-code-quality-report.json", ".fargate-ci-audit"));
    JsonNode report = validated(out.resolve("gl-code-quality-report.json"));

    List<Finding> failing = FindingsJson.read(out.resolve("findings.json")).findings().stream()
        .filter(f -> f.status() == Status.FAIL).toList();
    Set<String> expected = failing.stream().map(CodeQualityReporter::fingerprint).collect(Collectors.toSet());
    Set<String> written = new java.util.HashSet<>();
    report.forEach(i -> written.add(i.get("fingerprint").asText()));
    assertThat(written).isEqualTo(expected);

    Finding egress = failing.stream().filter(f -> f.ruleId().equals("FCA-EGRESS-002")).findFirst().orElseThrow();
    JsonNode issue = null;
    for (JsonNode i : report) if (i.get("fingerprint").asText().equals(CodeQualityReporter.fingerprint(egress))) issue = i;
    assertThat(issue).isNotNull();
    assertThat(issue.get("check_name").asText()).isEqualTo("FCA-EGRESS-002");
    assertThat(issue.get("severity").asText()).isEqualTo(CodeQualityReporter.severity(egress.severity()));
    assertThat(issue.get("description").asText()).contains(egress.message()).contains(egress.resource().id());
    assertThat(issue.at("/location/path").asText()).isEqualTo("examples/blog-setup/audit.yml");
    assertThat(issue.at("/location/lines/begin").asInt()).isEqualTo(1);
  }

  static final String TD = "arn:aws:ecs:us-east-1:123456789012:task-definition/gitlab-ci-build:";

  static AuditReport report(Finding... findings) {
    ReportMeta meta = new ReportMeta("0.1.0", "h", Instant.parse("2026-12-07T00:00:00Z"), "snapshot",
        List.of("123456789012"), List.of("us-east-1"), Map.of(), 0, "high", 1);
    return new AuditReport(meta, List.of(), List.of(findings), List.of(), null, null);
  }

  static Finding latest(int revision, Status status, Source source) {
    return new Finding("FCA-IMAGES-003", "Image tag pinned", "images", Severity.MEDIUM, status,
        new ResourceRef(TD + revision + "#build", "AWS::ECS::TaskDefinition.Container", "gitlab-ci-build:" + revision + "#build",
            "123456789012", "us-east-1"), "build uses :latest", Map.of(), "pin it", null, source, false);
  }

  @Test
  void fingerprintsSurviveARevisionBumpAndAPlannedFixResolvesTheIssue() throws Exception {
    CodeQualityReporter reporter = new CodeQualityReporter();
    Path nightly = Files.createDirectories(out.resolve("nightly"));
    reporter.write(report(latest(7, Status.FAIL, null)), nightly);
    Path bumped = Files.createDirectories(out.resolve("bumped"));
    reporter.write(report(latest(7, Status.FAIL, null), latest(8, Status.FAIL, Source.planned("deploy/planned/taskdef.json", ""))), bumped);
    JsonNode before = validated(nightly.resolve("gl-code-quality-report.json"));
    JsonNode after = validated(bumped.resolve("gl-code-quality-report.json"));
    assertThat(before).hasSize(1);
    assertThat(after).hasSize(1);
    assertThat(after.get(0).get("fingerprint")).isEqualTo(before.get(0).get("fingerprint"));
    assertThat(after.get(0).at("/location/path").asText()).isEqualTo("deploy/planned/taskdef.json");
    assertThat(after.get(0).get("severity").asText()).isEqualTo("major");

    Path fixed = Files.createDirectories(out.resolve("fixed"));
    reporter.write(report(latest(7, Status.FAIL, null), latest(8, Status.PASS, Source.planned("deploy/planned/taskdef.json", ""))), fixed);
    assertThat(validated(fixed.resolve("gl-code-quality-report.json"))).isEmpty();
    assertThat(FindingKey.stableResource(latest(8, Status.PASS, null).resource())).isEqualTo(TD.substring(0, TD.length() - 1) + "#build");
  }
}
