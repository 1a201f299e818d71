package dev.fargateciaudit.derive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.synth.SynthSpec;
import dev.fargateciaudit.synth.SyntheticEstate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Subjects are judged on several threads and memoised by what rules read of them, so their facts
 * must not change after derive: every map and list in them, at any depth, refuses to be changed.
 */
class ImmutableFactsTest {
  @Test
  void everyMapAndListInEverySubjectsFactsIsUnmodifiable() {
    Inventory inv = new SyntheticEstate(new SynthSpec(40, 7), "test").build();
    Subjects subjects = Derivation.derive(inv, AuditConfig.DEFAULTS);
    int[] containers = new int[2];
    for (SubjectType type : SubjectType.values()) {
      for (Subject s : subjects.of(type)) check(s.type() + " " + s.id(), s.fields(), containers);
    }
    assertThat(containers[0]).as("maps checked").isGreaterThan(500);
    assertThat(containers[1]).as("non-empty lists checked").isGreaterThan(200);
  }

  private static boolean refuses(Runnable change) {
    try {
      change.run();
      return false;
    } catch (UnsupportedOperationException | IllegalStateException e) {
      return true;
    }
  }

  @SuppressWarnings("unchecked")
  private static void check(String where, Object value, int[] containers) {
    if (value instanceof Map<?, ?> m) {
      containers[0]++;
      assertThat(refuses(() -> ((Map<String, Object>) m).put("changed", "x"))).as(where + " (" + m.getClass().getName() + ")").isTrue();
      m.forEach((k, v) -> check(where + "." + k, v, containers));
    } else if (value instanceof List<?> l) {
      if (!l.isEmpty()) containers[1]++;
      assertThat(refuses(() -> ((List<Object>) l).add("x"))).as(where + " (" + l.getClass().getName() + ")").isTrue();
      for (Object e : l) check(where + "[]", e, containers);
    }
  }
}
