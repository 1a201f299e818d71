package dev.fargateciaudit.merge;

import static dev.fargateciaudit.drift.Findings.finding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.fargateciaudit.cli.Main;
import dev.fargateciaudit.drift.Findings;
import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.FindingsDocument;
import dev.fargateciaudit.findings.FindingsJson;
import dev.fargateciaudit.findings.Gate;
import dev.fargateciaudit.findings.Status;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.report.Reporters;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportMergeTest {
  static final String A = "111111111111";
  static final String B = "222222222222";
  static final Instant NOW = Instant.parse("2026-11-28T01:00:00Z");

  @TempDir Path dir;

  static FindingsDocument doc(List<String> accounts, List<String> regions, Map<String, Long> calls, Finding... findings) {
    return FindingsJson.toDocument(Findings.report(accounts, regions, calls, List.of(findings)));
  }

  @Test
  void combinesShardsAndFillsAccountAndRegionFromEachRun() {
    FindingsDocument a = doc(List.of(A), List.of("eu-west-2"), Map.of("ec2:DescribeVpcs", 2L, "ecs:ListClusters", 1L),
        finding("SG-1", Status.PASS, "sg-a", null, null),
        finding("IAM-1", Status.FAIL, "arn:aws:iam::111111111111:role/ci", A, "global"));
    FindingsDocument b = doc(List.of(B), List.of("us-east-1"), Map.of("ec2:DescribeVpcs", 3L),
        finding("SG-1", Status.FAIL, "sg-b", B, "us-east-1"));
    AuditReport merged = ReportMerge.merge(List.of(new ReportMerge.Shard("a", a), new ReportMerge.Shard("b", b)), "high", false, NOW);

    assertThat(merged.inventory()).isNull();
    assertThat(merged.meta().accounts()).containsExactly(A, B);
    assertThat(merged.meta().regions()).containsExactly("eu-west-2", "us-east-1");
    assertThat(merged.meta().apiCalls()).containsEntry("ec2:DescribeVpcs", 5L).containsEntry("ecs:ListClusters", 1L);
    assertThat(merged.meta().source()).isEqualTo("merged");
    assertThat(merged.meta().exitCode()).isEqualTo(Gate.FAILED);
    assertThat(merged.rules()).extracting(r -> r.id()).containsExactly("IAM-1", "SG-1");
    assertThat(merged.findings()).allSatisfy(f -> {
      assertThat(f.resource().account()).isNotBlank();
      assertThat(f.resource().region()).isNotBlank();
    });
    assertThat(merged.findings()).extracting(f -> f.resource().id() + "@" + f.resource().account() + "/" + f.resource().region())
        .containsExactly("arn:aws:iam::111111111111:role/ci@111111111111/global", "sg-a@111111111111/eu-west-2", "sg-b@222222222222/us-east-1");
  }

  @Test
  void exitCodeIsRecomputedWithTheGivenThreshold() {
    FindingsDocument a = doc(List.of(A), List.of("eu-west-2"), Map.of(), finding("SG-1", Status.FAIL, "sg-a", A, "eu-west-2"));
    assertThat(ReportMerge.merge(List.of(new ReportMerge.Shard("a", a)), "never", false, NOW).meta().exitCode()).isEqualTo(Gate.OK);
    assertThat(ReportMerge.merge(List.of(new ReportMerge.Shard("a", a)), "critical", false, NOW).meta().exitCode()).isEqualTo(Gate.OK);
    FindingsDocument e = doc(List.of(A), List.of("eu-west-2"), Map.of(), finding("SG-1", Status.ERROR, "sg-a", A, "eu-west-2"));
    assertThat(ReportMerge.merge(List.of(new ReportMerge.Shard("e", e)), "high", false, NOW).meta().exitCode()).isEqualTo(Gate.INCOMPLETE);
    assertThat(ReportMerge.merge(List.of(new ReportMerge.Shard("e", e)), "high", true, NOW).meta().exitCode()).isEqualTo(Gate.OK);
  }

  @Test
  void aGlobalResourceSeenByTwoShardsIsKeptOnceWorstStatusWinning() {
    Finding pass = finding("IAM-1", Status.PASS, "arn:aws:iam::111111111111:role/ci", A, "global");
    Finding fail = finding("IAM-1", Status.FAIL, "arn:aws:iam::111111111111:role/ci", A, "global");
    AuditReport merged = ReportMerge.merge(List.of(
        new ReportMerge.Shard("a", doc(List.of(A), List.of("eu-west-2"), Map.of(), pass)),
        new ReportMerge.Shard("b", doc(List.of(A), List.of("us-east-1"), Map.of(), fail))), "high", false, NOW);
    assertThat(merged.findings()).singleElement().extracting(Finding::status).isEqualTo(Status.FAIL);
  }

  @Test
  void aFindingWhoseAccountCannotBeKnownIsBadInput() {
    FindingsDocument multi = doc(List.of(A, B), List.of("eu-west-2"), Map.of(), finding("SG-1", Status.FAIL, "sg-x", null, null));
    assertThatThrownBy(() -> ReportMerge.merge(List.of(new ReportMerge.Shard("multi/findings.json", multi)), "high", false, NOW))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("has no account");
  }

  @Test
  void mergeCommandReportsAMissingFindingsFileAsBadInput() {
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"merge", dir.resolve("absent").toString(), "--out", dir.resolve("out").toString()},
        new PrintWriter(new StringWriter()), new PrintWriter(err));
    assertThat(code).isEqualTo(Gate.BAD_INPUT);
    assertThat(err.toString()).startsWith(dir.resolve("absent").resolve("findings.json") + ": file not found");
  }

  /** End to end through the reporters; runs once report.Reporters (issue #4) is on the branch. */
  @Test
  void mergeCommandWritesOneFindingsJsonWithEveryShard() throws Exception {
    assumeThat(Reporters.all()).as("reporters (issue #4) have landed").isNotEmpty();
    Path a = Files.createDirectories(dir.resolve("a"));
    Path b = Files.createDirectories(dir.resolve("b"));
    Findings.write(a, Findings.report(List.of(A), List.of("eu-west-2"), Map.of(), List.of(finding("SG-1", Status.FAIL, "sg-a", A, "eu-west-2"))));
    Findings.write(b, Findings.report(List.of(B), List.of("us-east-1"), Map.of(), List.of(finding("SG-1", Status.PASS, "sg-b", B, "us-east-1"))));
    Path out = dir.resolve("merged");
    int code = Main.run(new String[] {"merge", a.toString(), b.toString(), "--out", out.toString()},
        new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    assertThat(code).isEqualTo(Gate.FAILED);
    FindingsDocument merged = FindingsJson.read(out.resolve("findings.json"));
    assertThat(merged.meta().accounts()).containsExactly(A, B);
    assertThat(merged.findings()).extracting(f -> f.resource().id()).containsExactly("sg-a", "sg-b");
    assertThat(out.resolve("junit.xml")).exists();
    assertThat(out.resolve("report.html")).exists();
  }
}
