package dev.fargateciaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Remediation fits the finding: built from the subject's own values, never another estate's. */
class RemediationTextTest {
  static final RuleSet RULES = RuleSet.load(List.of());

  static CompiledRule rule(String id) {
    return RULES.get(id).orElseThrow();
  }

  @Test
  void passRoleOnEveryRoleIsToldToScopePassRoleNotSecrets() {
    String text = rule("FCA-IAM-005").remediation(Map.of("name", "gitlab-runner", "account", "210987654321",
        "sensitiveOnStar", List.of("iam:PassRole on * (RunCiTasks)")));
    assertThat(text).contains("Role gitlab-runner grants iam:PassRole on * (RunCiTasks)")
        .contains("for iam:PassRole, the CI task and execution roles: arn:aws:iam::210987654321:role/ROLE-NAME")
        .doesNotContain("secretsmanager").doesNotContain("123456789012").doesNotContain("{{");
    String secrets = rule("FCA-IAM-005").remediation(Map.of("name", "ci-task-execution", "account", "210987654321",
        "sensitiveOnStar", List.of("secretsmanager:GetSecretValue on * (ReadSecrets)")));
    assertThat(secrets).contains("arn:aws:secretsmanager:REGION:210987654321:secret:NAME-*").doesNotContain("iam:PassRole");
  }

  @Test
  void theTrustConditionNamesTheRolesAccountAndNoRegion() {
    String text = rule("FCA-IAM-008").remediation(Map.of("name", "ci-task-execution", "account", "210987654321"));
    assertThat(text).contains("\"aws:SourceAccount\": \"210987654321\"")
        .contains("\"aws:SourceArn\": \"arn:aws:ecs:*:210987654321:*\"").doesNotContain("eu-west-2");
  }

  @Test
  void noRuleTellsAnotherEstatesRegionOrAccountAndNoUserFacingTextCitesTheBlog() throws Exception {
    for (CompiledRule r : RULES.rules()) {
      Rule info = r.rule();
      assertThat(info.remediation()).as("%s remediation", info.id()).doesNotContain("eu-west-2");
      for (String text : List.of(info.title(), info.rationale(), info.remediation(), info.message())) {
        assertThat(text.toLowerCase()).as("%s", info.id()).doesNotContain("the blog");
      }
    }
    String html = Files.readString(Path.of("src/main/resources/templates/report.ftlh"));
    assertThat(html.toLowerCase()).doesNotContain("the blog");
  }
}
