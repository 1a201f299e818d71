package dev.fargateciaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.derive.Derivation;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.Status;
import dev.fargateciaudit.inventory.CollectionError;
import dev.fargateciaudit.inventory.IamRole;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.TaskDefinition;
import dev.fargateciaudit.inventory.InventoryBuilder;
import dev.fargateciaudit.synth.SynthSpec;
import dev.fargateciaudit.synth.SyntheticEstate;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The audit judges each part of the subjects as the derive step builds it ({@link
 * Evaluator#evaluateParts}); the findings must be exactly those of judging the subjects derived
 * whole ({@link Evaluation#evaluate}), in the same order: over several slices of every sliced type,
 * with a failed read that blocks whole rules and one that concerns a single role.
 */
class EvaluationPartsTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);

  @Test
  void judgingPartsAsTheyAreBuiltGivesTheFindingsOfJudgingTheSubjectsDerivedWhole() {
    InventoryBuilder b = new SyntheticEstate(new SynthSpec(2 * 4096 + 700, 11), "test").build().toBuilder();
    String taskRole = b.list(TaskDefinition.class).get(0).taskRoleArn();
    String oneRole = b.list(IamRole.class).stream().filter(r -> r.arn().equals(taskRole)).findFirst().orElseThrow().name();
    b.add(new CollectionError("ec2", "DescribeRouteTables", "eu-west-2", "AccessDenied", "no", null));
    b.add(new CollectionError("iam", "ListRolePolicies", null, "Throttling", "rate exceeded", oneRole));
    Inventory inv = b.build();
    RuleSet rules = RuleSet.load(List.of());

    EvaluationResult parts = Evaluation.run(inv, AuditConfig.DEFAULTS, rules, List.of(), TODAY);
    EvaluationResult whole = Evaluation.evaluate(rules, Derivation.derive(inv, AuditConfig.DEFAULTS), inv, List.of(), TODAY);

    assertThat(parts.findings()).hasSize(whole.findings().size()).isEqualTo(whole.findings());
    assertThat(parts.subjects()).isEqualTo(whole.subjects()).isGreaterThan(3 * 4096);
    assertThat(parts.evaluations()).isEqualTo(whole.evaluations());
    assertThat(parts.findings()).extracting(Finding::status)
        .contains(Status.PASS, Status.FAIL, Status.ERROR, Status.NOT_APPLICABLE);
    assertThat(parts.findings()).filteredOn(f -> f.status() == Status.ERROR)
        .extracting(f -> f.resource().name()).contains(oneRole);
  }
}
