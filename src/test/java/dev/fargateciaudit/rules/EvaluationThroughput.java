package dev.fargateciaudit.rules;

import dev.fargateciaudit.config.ConfigLoader;
import dev.fargateciaudit.derive.Derivation;
import dev.fargateciaudit.derive.Subject;
import dev.fargateciaudit.derive.SubjectType;
import dev.fargateciaudit.derive.Subjects;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryJson;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark, not a test: evaluates the built-in rules over the blog-setup subjects replicated
 * {@code N} times and prints (rule, subject) evaluations per second. Run with
 * {@code java -cp target/classes:target/test-classes:DEPS dev.fargateciaudit.rules.EvaluationThroughput [N]}.
 */
public final class EvaluationThroughput {
  private EvaluationThroughput() {}

  public static void main(String[] args) {
    int copies = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    Path dir = Path.of("examples/blog-setup");
    Inventory inv = InventoryJson.load(dir.resolve("inventory.json"));
    Subjects base = Derivation.derive(inv, ConfigLoader.load(dir.resolve("audit.yml")));
    Map<SubjectType, List<Subject>> big = new EnumMap<>(SubjectType.class);
    for (SubjectType t : SubjectType.values()) {
      List<Subject> l = new ArrayList<>();
      for (int i = 0; i < copies; i++) {
        for (Subject s : base.of(t)) {
          l.add(new Subject(s.type(), s.id() + "#" + i, s.name(), s.resourceType(), s.region(), s.fields(), s.source(), s.gaps(), s.scope(), s.regions()));
        }
      }
      big.put(t, l);
    }
    Subjects subjects = new Subjects(big);
    RuleSet rules = RuleSet.load(List.of());
    for (int round = 0; round < 2; round++) {
      long t0 = System.nanoTime();
      long n = 0;
      for (CompiledRule r : rules.rules()) {
        for (Subject s : subjects.of(r.type())) {
          r.evaluate(s.fields());
          n++;
        }
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      System.out.printf("raw CEL, one thread: %d evaluations in %.2f s = %.0f evaluations/s%n", n, secs, n / secs);
    }
    for (int round = 0; round < 3; round++) {
      long t0 = System.nanoTime();
      EvaluationResult r = Evaluation.evaluate(rules, subjects, inv, List.of(), LocalDate.now());
      double secs = (System.nanoTime() - t0) / 1e9;
      System.out.printf("round %d: %d subjects, %d evaluations, %d findings in %.2f s = %.0f evaluations/s (%d cores)%n",
          round, subjects.count(), r.evaluations(), r.findings().size(), secs, r.evaluations() / secs,
          Runtime.getRuntime().availableProcessors());
    }
  }
}
