package dev.fargateciaudit.derive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.config.ConfigLoader;
import dev.fargateciaudit.config.RunnerConfigReader;
import dev.fargateciaudit.derive.FactType.ListOf;
import dev.fargateciaudit.derive.FactType.MapOf;
import dev.fargateciaudit.derive.FactType.Struct;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryJson;
import dev.fargateciaudit.planned.PlannedOverlay;
import dev.fargateciaudit.synth.SynthSpec;
import dev.fargateciaudit.synth.SyntheticEstate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Derive produces exactly the declared facts ({@link SubjectFacts}): on every subject of the bundled
 * examples (with each planned change) and of a synthetic estate, every fact present is declared with
 * its type and every declared fact is present, at every depth; and every declared struct is met on
 * some subject, so no declaration goes unchecked. {@code EstatesCorpusIT} checks the corpus's
 * collected estates the same way ({@link #assertDeclared}).
 */
public class DeclaredFactsTest {
  /** Asserts every subject of {@code subjects} has exactly its type's declared facts; returns the structs met. */
  public static Set<String> assertDeclared(Subjects subjects, String estate) {
    Set<String> met = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    for (SubjectType t : SubjectType.values()) {
      for (Subject s : subjects.of(t)) {
        for (FactCheck.Problem p : FactCheck.problems(SubjectFacts.of(t), s.fields(), FactCheck.Mode.COMPLETE, t.label())) {
          problems.add(estate + ", " + s.id() + ": " + p.message());
        }
        meet(SubjectFacts.of(t), s.fields(), met);
      }
    }
    assertThat(problems).as("facts derive wrote that are not as declared").isEmpty();
    return met;
  }

  private static void meet(FactType type, Object value, Set<String> met) {
    if (type instanceof Struct s && value instanceof Map<?, ?> m) {
      met.add(s.name());
      for (FactType.Fact f : s.facts()) meet(f.type(), m.get(f.name()), met);
    } else if (type instanceof ListOf l && value instanceof List<?> list) {
      for (Object e : list) meet(l.element(), e, met);
    } else if (type instanceof MapOf mo && value instanceof Map<?, ?> m) {
      for (Object e : m.values()) meet(mo.value(), e, met);
    }
  }

  private static Inventory example(String name, AuditConfig cfg) {
    Path dir = Path.of("examples", name);
    return RunnerConfigReader.overlayConfigured(InventoryJson.load(dir.resolve("inventory.json")), cfg, dir.resolve("audit.yml"));
  }

  @Test
  void deriveWritesExactlyTheDeclaredFactsOfEverySubject() {
    Set<String> met = new TreeSet<>();
    for (String name : List.of("blog-setup", "hardened")) {
      AuditConfig cfg = ConfigLoader.load(Path.of("examples", name, "audit.yml"));
      Inventory inv = example(name, cfg);
      met.addAll(assertDeclared(Derivation.derive(inv, cfg), name));
      if (name.equals("hardened")) {
        for (String planned : List.of("compliant", "port-80", "public-image", "public-ip")) {
          Inventory withPlan = PlannedOverlay.apply(inv, Path.of("examples/planned", planned));
          met.addAll(assertDeclared(Derivation.derive(withPlan, cfg), "hardened + planned/" + planned));
        }
      }
    }
    met.addAll(assertDeclared(Derivation.derive(new SyntheticEstate(new SynthSpec(300, 11), "test").build(), AuditConfig.DEFAULTS),
        "synthetic 300"));

    Map<String, Struct> declared = new TreeMap<>();
    for (SubjectType t : SubjectType.values()) FactType.collectStructs(SubjectFacts.of(t), declared);
    assertThat(met).as("declared structs met on some subject").containsExactlyInAnyOrderElementsOf(declared.keySet());
  }

  @Test
  void aFactDeriveDoesNotDeclareOrLeavesOutIsReported() {
    Map<String, Object> fields = new java.util.LinkedHashMap<>();
    SubjectFacts.of(SubjectType.ECR_REPOSITORY).facts().forEach(f -> fields.put(f.name(), sample(f.type())));
    assertThat(FactCheck.problems(SubjectFacts.of(SubjectType.ECR_REPOSITORY), fields, FactCheck.Mode.COMPLETE, "r")).isEmpty();
    fields.remove("scanOnPush");
    fields.put("scanOnPsuh", true);
    fields.put("encryptionType", 1L);
    assertThat(FactCheck.problems(SubjectFacts.of(SubjectType.ECR_REPOSITORY), fields, FactCheck.Mode.COMPLETE, "r"))
        .extracting(FactCheck.Problem::message)
        .containsExactly("r.encryptionType is an int, the fact is string",
            "r has no fact 'scanOnPsuh' (did you mean 'scanOnPush'?)",
            "r lacks the fact 'scanOnPush'");
  }

  private static Object sample(FactType t) {
    if (t == FactType.Scalar.STRING) return "";
    if (t == FactType.Scalar.BOOL) return false;
    if (t == FactType.Scalar.INT) return 0L;
    if (t instanceof ListOf) return List.of();
    return Map.of();
  }
}
