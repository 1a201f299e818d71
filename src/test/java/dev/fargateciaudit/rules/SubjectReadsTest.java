package dev.fargateciaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.config.ConfigLoader;
import dev.fargateciaudit.derive.Derivation;
import dev.fargateciaudit.derive.Subject;
import dev.fargateciaudit.derive.SubjectType;
import dev.fargateciaudit.derive.Subjects;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryJson;
import dev.fargateciaudit.synth.SynthSpec;
import dev.fargateciaudit.synth.SyntheticEstate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The memo is only as good as the projection: subjects that project alike must get the same outcome
 * from the rule, and subjects that differ in anything the rule reads must project apart.
 */
class SubjectReadsTest {
  private static SubjectReads reads(SubjectType type, String... expressions) throws Exception {
    List<CelAbstractSyntaxTree> asts = new ArrayList<>();
    for (String e : expressions) {
      asts.add(CelEnvironment.get().compileChecked(e, null, type, PrecompiledRules.NONE).ast());
    }
    return SubjectReads.of(asts);
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  @Test
  void aFieldReadIgnoresTheFieldsNotRead() throws Exception {
    SubjectReads r = reads(SubjectType.FILE_SYSTEM, "subject.encrypted");
    assertThat(r.readsWhole()).isFalse();
    assertThat(r.project(map("encrypted", true, "name", "a")))
        .isEqualTo(r.project(map("encrypted", true, "name", "b", "extra", List.of(1L))));
    assertThat(r.project(map("encrypted", true))).isNotEqualTo(r.project(map("encrypted", false)));
    // Absent and present differ: one is an evaluation error, the other a value.
    assertThat(r.project(map("name", "a"))).isNotEqualTo(r.project(map("encrypted", false)));
  }

  /** A projection starts with room for the longest made before it: that room must not show in equality or hash. */
  @Test
  void aProjectionIsTheSameWhateverWasProjectedBeforeIt() throws Exception {
    SubjectReads r = reads(SubjectType.SECURITY_GROUP, "!subject.inbound.exists(x, x.world)");
    Map<String, Object> one = map("inbound", List.of(map("world", false)));
    List<Object> many = new ArrayList<>();
    for (int i = 0; i < 100; i++) many.add(map("world", i == 99));
    SubjectReads.Projection first = r.project(one);
    SubjectReads.Projection longOne = r.project(map("inbound", many));
    SubjectReads.Projection again = r.project(one);
    assertThat(again).isEqualTo(first).hasSameHashCodeAs(first).isNotEqualTo(longOne);
    assertThat(again.items()).isEqualTo(first.items()).hasSize(5);
    assertThat(longOne.items()).hasSize(203);
  }

  @Test
  void aListReadElementByElementKeepsItsSizeAndOrder() throws Exception {
    SubjectReads r = reads(SubjectType.SECURITY_GROUP, "!subject.inbound.exists(x, x.world)");
    Map<String, Object> open = map("world", true, "description", "ssh");
    Map<String, Object> closed = map("world", false, "description", "nfs");
    assertThat(r.project(map("inbound", List.of(closed, map("world", false, "description", "other")))))
        .isEqualTo(r.project(map("inbound", List.of(map("world", false), map("world", false, "port", 22L)))));
    assertThat(r.project(map("inbound", List.of(closed)))).isNotEqualTo(r.project(map("inbound", List.of(closed, closed))));
    assertThat(r.project(map("inbound", List.of(open, closed)))).isNotEqualTo(r.project(map("inbound", List.of(closed, open))));
  }

  @Test
  void filterResultsAreElementsOfTheirRange() throws Exception {
    SubjectReads r = reads(SubjectType.SECURITY_GROUP, "subject.inbound.filter(x, x.protocol == '-1').all(x, x.sshExpected)");
    assertThat(r.project(map("inbound", List.of(map("protocol", "-1", "sshExpected", true, "cidr", "10.0.0.0/8")))))
        .isEqualTo(r.project(map("inbound", List.of(map("protocol", "-1", "sshExpected", true, "cidr", "0.0.0.0/0")))));
    assertThat(r.project(map("inbound", List.of(map("protocol", "-1", "sshExpected", true)))))
        .isNotEqualTo(r.project(map("inbound", List.of(map("protocol", "-1", "sshExpected", false)))));
  }

  @Test
  void valuesUsedWholeAreComparedWhole() throws Exception {
    SubjectReads r = reads(SubjectType.CI_SUBNET,
        "size(subject.referencedBy) == 0", "subject.egressIps.all(ip, ip in subject.expectedEgressIps)");
    assertThat(r.project(map("referencedBy", List.of("a")))).isNotEqualTo(r.project(map("referencedBy", List.of("b"))));
    assertThat(r.project(map("referencedBy", List.of(), "egressIps", List.of("1.2.3.4"), "expectedEgressIps", List.of("1.2.3.4"))))
        .isNotEqualTo(r.project(map("referencedBy", List.of(), "egressIps", List.of("1.2.3.4"), "expectedEgressIps", List.of("5.6.7.8"))));
    // A map read whole is compared in its order, as CEL iterates it.
    SubjectReads m = reads(SubjectType.ROLE, "subject.statements.exists(s, s.conditions.exists(k, k == 'a'))");
    Map<String, Object> ab = new LinkedHashMap<>(map("a", Map.of(), "b", Map.of()));
    Map<String, Object> ba = new LinkedHashMap<>(map("b", Map.of(), "a", Map.of()));
    assertThat(m.project(map("statements", List.of(map("conditions", ab)))))
        .isNotEqualTo(m.project(map("statements", List.of(map("conditions", ba)))));
  }

  @Test
  void presenceTestsAndWholeSubjectsAreExact() throws Exception {
    SubjectReads has = reads(SubjectType.CI_TASK, "has(subject.taskRoleArn)");
    assertThat(has.project(map("taskRoleArn", "a"))).isNotEqualTo(has.project(map("other", "a")));
    assertThat(reads(SubjectType.CI_TASK, "[subject].size() > 2").readsWhole()).isTrue();
    assertThat(reads(SubjectType.CI_TASK, "subject.containers.exists(c, [subject].size() > 1)").readsWhole()).isTrue();
  }

  /** The soundness property over real subjects: every built-in rule, every subject of two estates. */
  @Test
  void subjectsThatProjectAlikeGetTheSameOutcome() {
    RuleSet rules = RuleSet.load(List.of());
    Path blog = Path.of("examples/blog-setup");
    List<Subjects> estates = List.of(
        Derivation.derive(InventoryJson.load(blog.resolve("inventory.json")), ConfigLoader.load(blog.resolve("audit.yml"))),
        Derivation.derive(new SyntheticEstate(new SynthSpec(400, 7), "test").build(), AuditConfig.DEFAULTS));
    long pairs = 0;
    long shared = 0;
    for (CompiledRule rule : rules.rules()) {
      Map<SubjectReads.Projection, CompiledRule.Result> seen = new HashMap<>();
      for (Subjects subjects : estates) {
        for (Subject s : subjects.of(rule.type())) {
          CompiledRule.Result outcome = rule.evaluate(s.fields());
          CompiledRule.Result before = seen.putIfAbsent(rule.reads().project(s.fields()), outcome);
          if (before != null) {
            shared++;
            assertThat(outcome).as("%s on %s", rule.rule().id(), s.id()).isEqualTo(before);
          }
          pairs++;
        }
      }
    }
    assertThat(pairs).isGreaterThan(5_000);
    // Most subjects of a synthetic estate repeat a shape: the memo must find that, or it is dead weight.
    assertThat(shared).isGreaterThan(pairs / 2);
  }

  @Test
  void memoisedEvaluationGivesTheFindingsOfPlainEvaluation() {
    RuleSet rules = RuleSet.load(List.of());
    Inventory inventory = new SyntheticEstate(new SynthSpec(300, 11), "test").build();
    Subjects subjects = Derivation.derive(inventory, AuditConfig.DEFAULTS);
    Evaluator memoised = new Evaluator(inventory, true);
    Evaluator plain = new Evaluator(inventory, false);
    List<List<Finding>> a = memoised.evaluateAll(rules.rules(), subjects, null);
    List<List<Finding>> b = plain.evaluateAll(rules.rules(), subjects, null);
    assertThat(a).isEqualTo(b);
    assertThat(memoised.evaluations()).isEqualTo(plain.evaluations());
    assertThat(plain.celEvaluations()).isEqualTo(plain.evaluations());
    assertThat(memoised.celEvaluations()).isLessThan(memoised.evaluations() / 2);
  }
}
