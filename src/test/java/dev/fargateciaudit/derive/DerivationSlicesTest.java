package dev.fargateciaudit.derive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.inventory.ContainerDefinition;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.TaskDefinition;
import dev.fargateciaudit.synth.SynthSpec;
import dev.fargateciaudit.synth.SyntheticEstate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CI tasks, images and roles are built in slices of {@link Derivation#SLICE} task definitions
 * (or {@link Derivation#ROLE_SLICE} roles) on every core: with more than one slice, subjects must
 * still come in the order of a sequential pass (task definitions by ARN, each one's containers in
 * order, roles by ARN), none lost or repeated.
 */
class DerivationSlicesTest {
  @Test
  void slicedSubjectsKeepTheOrderOfTheTaskDefinitions() {
    Inventory inv = new SyntheticEstate(new SynthSpec(Derivation.SLICE + 1500, 5), "test").build();
    Subjects subjects = Derivation.derive(inv, AuditConfig.DEFAULTS);
    List<Subject> tasks = subjects.of(SubjectType.CI_TASK);
    assertThat(tasks.size()).isGreaterThan(Derivation.SLICE);

    List<String> arns = tasks.stream().map(Subject::id).toList();
    assertThat(arns).isSortedAccordingTo(Comparator.naturalOrder()).doesNotHaveDuplicates();
    List<String> expectedImages = new ArrayList<>();
    for (String arn : arns) {
      TaskDefinition td = inv.taskDefinitions().stream().filter(t -> t.arn().equals(arn)).findFirst().orElseThrow();
      for (ContainerDefinition c : td.containers()) expectedImages.add(td.arn() + "#" + c.name());
    }
    assertThat(subjects.of(SubjectType.CONTAINER).stream().map(Subject::id).toList()).isEqualTo(expectedImages);
  }

  @Test
  void slicedRolesComeInArnOrder() {
    // About one CI role per five task definitions in the synthetic estate: more CI roles than a slice.
    Inventory inv = new SyntheticEstate(new SynthSpec(7 * Derivation.ROLE_SLICE, 7), "test").build();
    EstateIndex ix = new EstateIndex(inv, AuditConfig.DEFAULTS, new dev.fargateciaudit.derive.iam.AccountScope(null, "123456789012", null));
    List<String> expected = ix.ciRoleKinds.keySet().stream().filter(ix.roles::containsKey).sorted().toList();
    assertThat(expected.size()).isGreaterThan(Derivation.ROLE_SLICE);

    List<Subject> roles = Derivation.derive(inv, AuditConfig.DEFAULTS).of(SubjectType.ROLE);
    assertThat(roles.stream().map(Subject::id).toList()).isEqualTo(expected);
  }

  /** Parts cover the items in order, none lost; a type with no items still has one, empty, part. */
  @Test
  void slicesCoverTheItemsInOrderAndNothingMakesOneEmptySlice() {
    assertThat(SubjectPart.slices(List.of(1, 2, 3, 4, 5), 2)).containsExactly(List.of(1, 2), List.of(3, 4), List.of(5));
    assertThat(SubjectPart.slices(List.of(1, 2), 2)).containsExactly(List.of(1, 2));
    assertThat(SubjectPart.slices(List.of(), 2)).containsExactly(List.of());
  }
}
