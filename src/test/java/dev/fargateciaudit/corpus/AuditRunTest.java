package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.role;
import static dev.fargateciaudit.corpus.Resource.securityGroup;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.corpus.AuditRun.Reported;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the corpus judges a run against an expectation: exact at the gate, advice present, no ERROR, the exit code. */
class AuditRunTest {
  static final String RUNNER = "arn:aws:iam::123456789012:role/gitlab-runner";
  static final Expectation EXPECTED = Expectation.gate(fail("FCA-PORTS-001", securityGroup("sg-1")))
      .withAdvice(fail("FCA-IAM-010", role(RUNNER)));

  static Reported reported(String rule, String id, String type, String status, String severity) {
    return new Reported(rule, id, type, status, severity);
  }

  static final Reported OPEN = reported("FCA-PORTS-001", "sg-1", "AWS::EC2::SecurityGroup", "FAIL", "critical");
  static final Reported PASS_ROLE = reported("FCA-IAM-010", RUNNER, "AWS::IAM::Role", "FAIL", "medium");

  static AuditRun run(int exit, Reported... findings) {
    return new AuditRun("audit", exit, "", "", List.of(findings));
  }

  @Test
  void meetsWithExactlyTheGateTheAdviceAndOtherBelowGateFindings() {
    AuditRun r = run(1, OPEN, PASS_ROLE, reported("FCA-PORTS-009", "sg-1", "AWS::EC2::SecurityGroup", "FAIL", "low"),
        reported("FCA-IAM-001", RUNNER, "AWS::IAM::Role", "PASS", "high"));
    assertThat(r.meets(EXPECTED)).isTrue();
    assertThat(r.differences(EXPECTED)).isEmpty();
  }

  @Test
  void anExtraGateFindingAWrongResourceOrAWrongTypeDoesNotMeet() {
    AuditRun extra = run(1, OPEN, PASS_ROLE, reported("FCA-IAM-005", RUNNER, "AWS::IAM::Role", "FAIL", "high"));
    assertThat(extra.meets(EXPECTED)).isFalse();
    assertThat(extra.differences(EXPECTED)).isEqualTo("unexpected at the gate: FCA-IAM-005 on " + RUNNER + " (AWS::IAM::Role)");
    assertThat(run(1, reported("FCA-PORTS-001", "sg-2", "AWS::EC2::SecurityGroup", "FAIL", "critical"), PASS_ROLE).meets(EXPECTED))
        .isFalse();
    assertThat(run(1, reported("FCA-PORTS-001", "sg-1", "AWS::ECS::TaskDefinition", "FAIL", "critical"), PASS_ROLE).meets(EXPECTED))
        .isFalse();
  }

  @Test
  void missingAdviceAnErrorOrAnotherExitCodeDoesNotMeet() {
    assertThat(run(1, OPEN).differences(EXPECTED)).isEqualTo("missing below the gate: FCA-IAM-010 on " + RUNNER + " (AWS::IAM::Role)");
    assertThat(run(1, OPEN, reported("FCA-IAM-010", RUNNER, "AWS::IAM::Role", "FAIL", "high")).meets(EXPECTED))
        .as("advice reported at the gate").isFalse();
    assertThat(run(1, OPEN, PASS_ROLE, reported("FCA-EFS-001", "fs", "AWS::EFS::FileSystem", "ERROR", "medium")).meets(EXPECTED))
        .isFalse();
    assertThat(run(3, OPEN, PASS_ROLE).differences(EXPECTED)).isEqualTo("exit 3, expected 1");
  }

  @Test
  void aCorrectEstateExitsZeroWithNothingAtTheGate() {
    assertThat(run(0, PASS_ROLE).meets(Expectation.passesTheGate())).isTrue();
    assertThat(run(1, OPEN).meets(Expectation.passesTheGate())).isFalse();
  }
}
