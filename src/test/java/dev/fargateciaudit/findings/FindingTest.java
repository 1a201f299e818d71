package dev.fargateciaudit.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.input.Mappers;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A PASS finding's default message is derived, not stored: readers must not see the difference. */
class FindingTest {
  private static final ResourceRef SG = new ResourceRef("sg-1", "AWS::EC2::SecurityGroup", "ci-tasks", "123456789012", "eu-west-2");

  private static Finding pass() {
    return Finding.pass("FCA-PORTS-001", "No inbound rule open to the world", "ports", Severity.HIGH, SG, null);
  }

  @Test
  void aPassShowsTheResourceAndTheTitle() {
    assertThat(pass().message()).isEqualTo("ci-tasks: No inbound rule open to the world");
    assertThat(pass().markNew(true).message()).isEqualTo("ci-tasks: No inbound rule open to the world");
  }

  @Test
  void aStoredDefaultMessageEqualsTheDerivedOne() throws Exception {
    Finding read = new Finding("FCA-PORTS-001", "No inbound rule open to the world", "ports", Severity.HIGH, Status.PASS, SG,
        "ci-tasks: No inbound rule open to the world", Map.of(), "Close it.", null, null, false);
    assertThat(read).isEqualTo(pass()).hasSameHashCodeAs(pass());
    // Through findings.json's mapper and back: the same finding.
    String json = Mappers.json().writeValueAsString(pass());
    assertThat(json).contains("\"message\" : \"ci-tasks: No inbound rule open to the world\"");
    assertThat(Mappers.json().readValue(json, Finding.class)).isEqualTo(pass());
  }

  @Test
  void otherMessagesAndStatusesKeepTheirMessage() {
    Finding custom = new Finding("FCA-PORTS-001", "t", "ports", Severity.HIGH, Status.PASS, SG, "something else", Map.of(),
        "r", null, null, false);
    assertThat(custom.message()).isEqualTo("something else");
    Finding waived = pass().withStatus(Status.WAIVED, null);
    assertThat(waived.message()).isEqualTo("ci-tasks: No inbound rule open to the world");
    assertThat(new Finding("X", "t", "a", Severity.LOW, Status.FAIL, SG, null, Map.of(), "r", null, null, false).message())
        .isNull();
  }

  @Test
  void onlyAFindingThatNeedsActionCarriesARemediation() throws Exception {
    // findings.json of an older version gave PASS findings the rule's remediation: read back, the same PASS.
    Finding oldPass = new Finding("FCA-PORTS-001", "No inbound rule open to the world", "ports", Severity.HIGH, Status.PASS, SG,
        null, Map.of(), "Close it.", null, null, false);
    assertThat(oldPass).isEqualTo(pass());
    assertThat(oldPass.remediation()).isNull();
    assertThat(Mappers.json().writeValueAsString(pass())).doesNotContain("remediation");
    Finding notApplicable = new Finding("FCA-PORTS-001", "t", "ports", Severity.HIGH, Status.NOT_APPLICABLE, SG, "none",
        Map.of(), "Close it.", null, null, false);
    assertThat(notApplicable.remediation()).isNull();
    Finding fail = new Finding("FCA-PORTS-001", "t", "ports", Severity.HIGH, Status.FAIL, SG, "open", Map.of(), "Close it.",
        null, null, false);
    assertThat(fail.remediation()).isEqualTo("Close it.");
    assertThat(fail.withStatus(Status.WAIVED, null).remediation()).isEqualTo("Close it.");
    assertThat(Mappers.json().writeValueAsString(fail)).contains("\"remediation\" : \"Close it.\"");
  }
}
