package dev.fargateciaudit.derive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A reason's sentence names the first {@link Reasons#NAMED} distinct names in order and counts the rest. */
class ReasonsTest {
  @Test
  void namesTheFirstDistinctNamesInOrderAndCountsTheRest() {
    Random random = new Random(7);
    for (int distinct = 1; distinct <= 40; distinct++) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < distinct; i++) names.add("task-" + random.nextInt(1_000_000));
      List<String> added = new ArrayList<>(names);
      added.addAll(names.subList(0, distinct / 2)); // repeats count once
      Collections.shuffle(added, random);
      Reasons reasons = new Reasons();
      reasons.add("the runner config's subnet");
      for (String n : added) reasons.add("subnet of running CI task", n);

      List<String> sorted = new ArrayList<>(new TreeSet<>(names));
      int rest = sorted.size() - Math.min(Reasons.NAMED, sorted.size());
      String expected = rest > 0 ? String.join(", ", sorted.subList(0, Reasons.NAMED)) + " and " + rest + " more"
          : sorted.size() == 1 ? sorted.get(0)
          : String.join(", ", sorted.subList(0, sorted.size() - 1)) + " and " + sorted.get(sorted.size() - 1);
      assertThat(reasons.sentences()).as(added.toString())
          .containsExactly("subnet of running CI task " + expected, "the runner config's subnet");
    }
  }
}
