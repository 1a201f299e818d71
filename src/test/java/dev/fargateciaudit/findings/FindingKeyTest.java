package dev.fargateciaudit.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.drift.FindingsDiff;
import dev.fargateciaudit.inventory.Source;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A finding keeps its identity when its task definition gets a new revision or its fargate.toml moves. */
class FindingKeyTest {
  static final String TD = "arn:aws:ecs:us-east-1:123456789012:task-definition/";
  static final LocalDate TODAY = LocalDate.parse("2026-12-07");

  static Finding on(String rule, Status status, String id, String type, Source source) {
    return new Finding(rule, rule + " title", "images", Severity.HIGH, status,
        new ResourceRef(id, type, null, "123456789012", "us-east-1"), rule + " on " + id, Map.of(), "fix it", null, source, false);
  }

  static Finding container(Status status, int revision, Source source) {
    return on("FCA-IMAGES-003", status, TD + "gitlab-ci-build:" + revision + "#build", "AWS::ECS::TaskDefinition.Container", source);
  }

  @Test
  void aNewRevisionOfTheFamilyKeepsTheKey() {
    assertThat(container(Status.FAIL, 7, null).key())
        .isEqualTo(container(Status.FAIL, 8, null).key())
        .isEqualTo("FCA-IMAGES-003|123456789012|us-east-1|" + TD + "gitlab-ci-build#build");
    Finding taskDef = on("FCA-EFS-002", Status.FAIL, TD + "gitlab-ci-build:12", "AWS::ECS::TaskDefinition", null);
    assertThat(taskDef.key()).endsWith("|" + TD + "gitlab-ci-build");
    // Another family, another container, another resource are other keys.
    assertThat(on("FCA-IMAGES-003", Status.FAIL, TD + "gitlab-ci-build-2:7#build", "AWS::ECS::TaskDefinition.Container", null).key())
        .isNotEqualTo(container(Status.FAIL, 7, null).key());
    assertThat(on("FCA-IMAGES-003", Status.FAIL, TD + "gitlab-ci-build:7#lint", "AWS::ECS::TaskDefinition.Container", null).key())
        .isNotEqualTo(container(Status.FAIL, 7, null).key());
    assertThat(on("FCA-PORTS-001", Status.FAIL, "sg-0abc:7", "AWS::EC2::SecurityGroup", null).key()).endsWith("|sg-0abc:7");
  }

  @Test
  void theRunnerConfigIsOneResourceWhereverItsFileIs() {
    Finding build1 = on("FCA-RUNNER-001", Status.FAIL, "/builds/abc/0/infra/fargate.toml", FindingKey.RUNNER_CONFIG_TYPE, null);
    Finding build2 = on("FCA-RUNNER-001", Status.FAIL, "/builds/xyz/1/infra/fargate.toml", FindingKey.RUNNER_CONFIG_TYPE, null);
    Finding planned = on("FCA-RUNNER-001", Status.FAIL, "deploy/planned/fargate.toml", FindingKey.RUNNER_CONFIG_TYPE,
        Source.planned("deploy/planned/fargate.toml", "Fargate"));
    assertThat(build1.key()).isEqualTo(build2.key()).isEqualTo(planned.key());
  }

  @Test
  void anUnchangedFailureOnThePlannedRevisionIsNotNew() {
    List<Finding> baseline = List.of(container(Status.FAIL, 1, null));
    List<Finding> gate = List.of(container(Status.FAIL, 1, null), container(Status.FAIL, 2, Source.planned("taskdef.json", "")));
    assertThat(Baseline.markNew(gate, baseline)).noneMatch(Finding::isNew);
    FindingsDiff d = FindingsDiff.between(baseline, gate, TODAY, 14);
    assertThat(d.newFailures()).isEmpty();
    assertThat(d.fixed()).isEmpty();
    assertThat(d.stillFailing()).singleElement().satisfies(f -> assertThat(f.resource().id()).endsWith(":2#build"));
  }

  @Test
  void aPlannedRevisionThatPassesFixesTheFamilysFailure() {
    List<Finding> baseline = List.of(container(Status.FAIL, 1, null));
    // The live revision 1 still fails (its service has not been deployed yet); the planned revision 2 passes.
    List<Finding> gate = List.of(container(Status.FAIL, 1, null), container(Status.PASS, 2, Source.planned("taskdef.json", "")));
    FindingsDiff d = FindingsDiff.between(baseline, gate, TODAY, 14);
    assertThat(d.fixed()).singleElement().satisfies(x -> {
      assertThat(x.finding().resource().id()).isEqualTo(TD + "gitlab-ci-build:1#build");
      assertThat(x.now()).isEqualTo("PASS");
    });
    assertThat(d.newFailures()).isEmpty();
    assertThat(d.stillFailing()).isEmpty();
  }

  @Test
  void withoutAPlannedRevisionTheFailingRevisionSpeaksForTheFamily() {
    Map<String, Finding> byKey = FindingKey.representatives(List.of(container(Status.PASS, 6, null), container(Status.FAIL, 7, null)));
    assertThat(byKey.values()).singleElement().satisfies(f -> assertThat(f.status()).isEqualTo(Status.FAIL));
  }

  /** The revision rule as a pattern: the first {@code :task-definition/FAMILY:DIGITS} at the end of the id or before {@code #}. */
  static final Pattern REVISION = Pattern.compile("(:task-definition/[^:/#]+):\\d+(?=#|$)");

  @Test
  void theRevisionIsCutExactlyWhereThePatternSaysWhateverTheId() {
    assertThat(FindingKey.withoutRevision(TD + "ci:12#build")).isEqualTo(TD + "ci#build");
    assertThat(FindingKey.withoutRevision(TD + "ci:12")).isEqualTo(TD + "ci");
    assertThat(FindingKey.withoutRevision(TD + "ci:12x")).isEqualTo(TD + "ci:12x");
    String[] parts = {":task-definition/", "ci", "a/b", ":", "12", "7", "#", "#c", "x", "\n", "\r\n", "\u2028", "é", ""};
    java.util.Random random = new java.util.Random(31);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder id = new StringBuilder(random.nextBoolean() ? "arn:aws:ecs:eu-west-2:1:" : "");
      for (int k = random.nextInt(7); k > 0; k--) id.append(parts[random.nextInt(parts.length)]);
      String s = id.toString();
      var m = REVISION.matcher(s);
      String expected = m.find() ? s.substring(0, m.end(1)) + s.substring(m.end()) : s;
      assertThat(FindingKey.withoutRevision(s)).as(s).isEqualTo(expected);
    }
  }
}
