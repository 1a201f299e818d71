package dev.fargateciaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rules list | show | test} in process, as a user runs them. */
class RulesCommandTest {
  @TempDir Path tmp;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private static final String USER_RULE = """
      id: ORG-TAGS-001
      title: CI subnets carry a Name tag
      area: org
      severity: low
      subject: ciSubnet
      check: "subject.name != subject.id"
      message: "subnet {{ subject.id }} has no Name tag"
      rationale: Our inventory tooling needs names.
      remediation: aws ec2 create-tags --resources SUBNET --tags Key=Name,Value=NAME
      references: [https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html]
      tests:
        - {name: named, expect: PASS, subject: {id: subnet-1, name: ci-a}}
        - {name: unnamed, expect: FAIL, message: "subnet subnet-1 has no Name tag", subject: {id: subnet-1, name: subnet-1}}
      """;

  @Test
  void listShowsEveryBuiltInRuleWithSeverityAndArea() {
    assertThat(run("rules", "list")).isZero();
    assertThat(out.toString()).contains("FCA-EGRESS-002   high     egress     No broken egress")
        .contains("FCA-IAM-001").contains("FCA-RUNNER-007");
    assertThat(out.toString().lines().count()).isGreaterThanOrEqualTo(30);
  }

  @Test
  void showPrintsRationaleRemediationAndReferences() {
    assertThat(run("rules", "show", "FCA-PORTS-003")).isZero();
    assertThat(out.toString()).contains("FCA-PORTS-003: The CI task security group allows only tcp/22, and tcp/2049 from an expected NFS source, inbound")
        .contains("Why it matters:").contains("How to fix:").contains("aws ec2 revoke-security-group-rules")
        .contains("https://docs.aws.amazon.com/efs/latest/ug/network-access.html");
    assertThat(run("rules", "show", "FCA-NOPE-001")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown rule 'FCA-NOPE-001'");
  }

  @Test
  void testRunsEveryBuiltInFixture() {
    assertThat(run("rules", "test")).isZero();
    assertThat(out.toString()).containsPattern("(?m)^\\d{3,} passed, 0 failed$");
  }

  @Test
  void testRunsUserRulesAndFailsOnAWrongFixture() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("org"));
    Files.writeString(dir.resolve("ORG-TAGS-001.yml"), USER_RULE);
    assertThat(run("rules", "test", tmp.toString())).isZero();
    int before = Integer.parseInt(out.toString().strip().split(" ")[0]);

    Files.writeString(dir.resolve("ORG-TAGS-001.yml"), USER_RULE.replace("name: ci-a}", "name: subnet-1}"));
    out.getBuffer().setLength(0);
    assertThat(run("rules", "test", tmp.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("FAIL ORG-TAGS-001 [named]: expected PASS, got FAIL")
        .contains((before - 1) + " passed, 1 failed");
  }

  @Test
  void aUserRuleReplacesTheBuiltInWithTheSameId() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("iam"));
    Files.writeString(dir.resolve("FCA-IAM-001.yml"), USER_RULE.replace("ORG-TAGS-001", "FCA-IAM-001"));
    assertThat(run("rules", "show", "FCA-IAM-001", "--rules", tmp.toString())).isZero();
    assertThat(out.toString()).contains("CI subnets carry a Name tag");
  }

  @Test
  void aBrokenUserRuleIsExitTwoWithFileLineAndColumn() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("org"));
    Files.writeString(dir.resolve("ORG-TAGS-001.yml"), USER_RULE.replace("subject.name != subject.id", "subject.name !== subject.id"));
    assertThat(run("rules", "test", tmp.toString())).isEqualTo(2);
    assertThat(err.toString().strip()).startsWith(tmp + "/org/ORG-TAGS-001.yml:6:24: check: ");
    assertThat(err.toString().lines().count()).isEqualTo(1);
  }

  /** Issue #31: a fact no subject of the type has passed `rules test` and then gave ERROR on every estate. */
  @Test
  void aRuleReadingAFactItsSubjectTypeLacksIsExitTwoWithTheClosestFact() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("org"));
    Files.writeString(dir.resolve("ORG-TAGS-001.yml"), USER_RULE.replace("subject.name != subject.id", "subject.name != subject.vpc"));
    assertThat(run("rules", "test", tmp.toString())).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo(tmp + "/org/ORG-TAGS-001.yml:6:32: check: undefined field 'vpc' of ciSubnet"
        + " (did you mean 'vpcId'?) (at expression line 1, column 24)");
    err.getBuffer().setLength(0);
    assertThat(run("audit", "--rules", tmp.toString(), "--config", "examples/blog-setup/audit.yml",
        "--snapshot", "examples/blog-setup/inventory.json", "--out", tmp.resolve("out").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("ORG-TAGS-001.yml:6:32: check: undefined field 'vpc' of ciSubnet");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void aFixtureSayingWhatNoSubjectCanHaveIsExitTwo() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("org"));
    Files.writeString(dir.resolve("ORG-TAGS-001.yml"), USER_RULE.replace("{id: subnet-1, name: ci-a}", "{id: subnet-1, name: ci-a, mapPublicIpOnLaunch: 'false'}"));
    assertThat(run("rules", "test", tmp.toString())).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo(tmp + "/org/ORG-TAGS-001.yml:12:69: tests[0] (named):"
        + " subject.mapPublicIpOnLaunch is a string, the fact is bool (ciSubnet facts, docs/rules.md)");
    Files.writeString(dir.resolve("ORG-TAGS-001.yml"), USER_RULE.replace("{id: subnet-1, name: ci-a}", "{id: subnet-1, name: ci-a, vpc: vpc-1}"));
    err.getBuffer().setLength(0);
    assertThat(run("rules", "test", tmp.toString())).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo(tmp + "/org/ORG-TAGS-001.yml:12:69: tests[0] (named): subject has no fact 'vpc'"
        + " (did you mean 'vpcId'?) (ciSubnet facts, docs/rules.md)");
  }
}
