package dev.fargateciaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.runtime.CelEvaluationException;
import dev.fargateciaudit.derive.FactType;
import dev.fargateciaudit.derive.SubjectFacts;
import dev.fargateciaudit.derive.SubjectType;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.Mappers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build's precompiled bundle: it covers every built-in rule, a rule loaded from it behaves
 * exactly like the same rule compiled from source, and anything that differs from what the build
 * checked takes the full path again.
 */
class PrecompiledRulesTest {
  private static final Path RULES = Path.of("rules");

  static Stream<Path> ruleFiles() throws IOException {
    return BuiltInRulesTest.ruleFiles();
  }

  private static String id(Path file) {
    return file.getFileName().toString().replace(".yml", "");
  }

  @Test
  void theBundleListsEveryBuiltInRuleFileWithItsBytes() throws IOException {
    List<PrecompiledRules.RuleFile> bundled = PrecompiledRules.get().files();
    List<Path> files = ruleFiles().toList();
    assertThat(bundled.stream().map(PrecompiledRules.RuleFile::path))
        .containsExactlyElementsOf(files.stream().map(p -> RULES.relativize(p).toString().replace('\\', '/')).toList());
    for (int i = 0; i < files.size(); i++) {
      assertThat(new String(bundled.get(i).yaml(), StandardCharsets.UTF_8))
          .as(files.get(i).toString())
          .isEqualTo(Files.readString(files.get(i)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleFiles")
  void loadingABuiltInRuleChecksNothingOutsideTheBundle(Path file) throws IOException {
    byte[] yaml = Files.readAllBytes(file);
    PrecompiledRules watched = PrecompiledRules.get().recording();
    RuleLoader.load(file.toString(), yaml, id(file), watched);
    assertThat(watched.rule(yaml)).as("validated tree").isNotNull();
    assertThat(watched.checked().rulesBySha()).as("rule files validated again").isEmpty();
    assertThat(watched.checked().expressions().keySet()).as("expressions type-checked again").isEmpty();
  }

  @Test
  void withoutTheBundleTheLoaderChecksTheRuleAndEveryExpressionItself() throws IOException {
    Path file = RULES.resolve("efs/FCA-EFS-001.yml");
    byte[] yaml = Files.readAllBytes(file);
    PrecompiledRules watched = PrecompiledRules.NONE.recording();
    RuleLoader.load(file.toString(), yaml, id(file), watched);
    assertThat(watched.checked().rulesBySha()).containsOnlyKeys(PrecompiledRules.sha256(yaml));
    assertThat(watched.checked().expressions()).containsKey(new PrecompiledRules.Expression(SubjectType.FILE_SYSTEM, "subject.encrypted"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleFiles")
  void aPrecompiledRuleBehavesLikeOneCompiledFromSource(Path file) throws Exception {
    byte[] yaml = Files.readAllBytes(file);
    CompiledRule fromSource = RuleLoader.load(file.toString(), yaml, id(file), PrecompiledRules.NONE);
    CompiledRule precompiled = RuleLoader.load(file.toString(), yaml, id(file), PrecompiledRules.get());
    assertThat(precompiled.rule()).isEqualTo(fromSource.rule());
    assertThat(precompiled.type()).isEqualTo(fromSource.type());
    assertThat(precompiled.needs()).isEqualTo(fromSource.needs());
    for (Rule.Fixture f : fromSource.rule().tests()) {
      CompiledRule.Result expected = fromSource.evaluate(f.subject());
      assertThat(precompiled.evaluate(f.subject())).as(f.name()).isEqualTo(expected);
      if (expected.outcome() == CompiledRule.Outcome.FAIL) {
        assertThat(precompiled.messageStrict(f.subject())).as(f.name()).isEqualTo(fromSource.messageStrict(f.subject()));
        assertThat(precompiled.evidence(f.subject())).as(f.name()).isEqualTo(fromSource.evidence(f.subject()));
      }
    }
  }

  /**
   * An audit renders messages and evidence for failing subjects only, so a bundled rule plans them on
   * first use. Seen through a bundle whose AST of the message's {@code subject.name} is damaged: the
   * loader checks that expression itself when it plans it, and only then.
   */
  @Test
  void aBundledRulePlansItsMessageWhenItIsFirstRendered() throws IOException, CelEvaluationException {
    Path file = RULES.resolve("efs/FCA-EFS-001.yml");
    JsonNode bundle;
    try (InputStream in = PrecompiledRules.class.getResourceAsStream(PrecompiledRules.RESOURCE)) {
      bundle = Mappers.json().readTree(in);
    }
    ((ObjectNode) bundle.path("expressions").path(SubjectType.FILE_SYSTEM.label())).put("subject.name", "AAAA");
    PrecompiledRules watched = PrecompiledRules.read(new ByteArrayInputStream(Mappers.json().writeValueAsBytes(bundle)))
        .recording();
    CompiledRule rule = RuleLoader.load(file.toString(), Files.readAllBytes(file), id(file), watched);
    assertThat(watched.checked().expressions()).as("checked at load").isEmpty();
    Rule.Fixture plain = rule.rule().tests().get(1);
    assertThat(rule.evaluate(plain.subject()).outcome()).isEqualTo(CompiledRule.Outcome.FAIL);
    assertThat(watched.checked().expressions()).as("checked to judge the subject").isEmpty();
    assertThat(rule.messageStrict(plain.subject())).isEqualTo(plain.message());
    assertThat(watched.checked().expressions().keySet())
        .containsExactly(new PrecompiledRules.Expression(SubjectType.FILE_SYSTEM, "subject.name"));
  }

  @Test
  void anEditedRuleIsValidatedAgainNotTakenFromTheBundle() throws IOException {
    Path file = RULES.resolve("efs/FCA-EFS-001.yml");
    String yaml = Files.readString(file);
    assertThat(yaml).contains("severity: ");
    String edited = yaml.replaceFirst("severity: \\w+", "severity: extreme");
    assertThat(PrecompiledRules.get().rule(edited.getBytes(StandardCharsets.UTF_8))).isNull();
    assertThatThrownBy(() -> RuleLoader.load("edited.yml", edited.getBytes(StandardCharsets.UTF_8), id(file)))
        .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.oneLine()).startsWith("edited.yml:4:").contains("severity"));
  }

  @Test
  void anEditedExpressionIsTypeCheckedAgain() throws IOException {
    Path file = RULES.resolve("efs/FCA-EFS-001.yml");
    String yaml = Files.readString(file);
    String edited = yaml.replaceFirst("check: ", "check: 1 + ");
    assertThatThrownBy(() -> RuleLoader.load("edited.yml", edited.getBytes(StandardCharsets.UTF_8), id(file)))
        .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.oneLine()).startsWith("edited.yml:6:").contains("check:"));
  }

  @Test
  void aBundleCheckedInAnotherCelEnvironmentIsIgnored() {
    String json = "{\"environment\":\"not-this-one\",\"files\":[{\"path\":\"x/R.yml\",\"yaml\":\"id: R\",\"rule\":{}}],"
        + "\"expressions\":{\"ciTask\":{\"true\":\"\"}}}";
    PrecompiledRules other = PrecompiledRules.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    assertThat(other.files()).isEmpty();
    assertThat(other.expression(SubjectType.CI_TASK, "true")).isNull();
  }

  /** A bundle checked against other fact declarations (names or types) would serve ASTs typed for facts that changed. */
  @Test
  void theFingerprintTakesTheFactDeclarations() {
    String today = CelEnvironment.get().fingerprint();
    assertThat(CelEnvironment.get().fingerprint(SubjectFacts::of)).isEqualTo(today);
    FactType.Struct role = SubjectFacts.of(SubjectType.ROLE);
    FactType.Struct renamed = new FactType.Struct(role.name(), role.facts().stream()
        .map(f -> f.name().equals("escalations") ? new FactType.Fact("escalationPaths", f.type(), f.meaning()) : f).toList());
    assertThat(CelEnvironment.get().fingerprint(t -> t == SubjectType.ROLE ? renamed : SubjectFacts.of(t))).isNotEqualTo(today);
    FactType.Struct retyped = new FactType.Struct(role.name(), role.facts().stream()
        .map(f -> f.name().equals("escalations") ? new FactType.Fact(f.name(), FactType.Scalar.STRING, f.meaning()) : f).toList());
    assertThat(retyped.fact("escalations").orElseThrow().type()).isNotEqualTo(role.fact("escalations").orElseThrow().type());
    assertThat(CelEnvironment.get().fingerprint(t -> t == SubjectType.ROLE ? retyped : SubjectFacts.of(t))).isNotEqualTo(today);
  }

  @Test
  void aDamagedBundleIsIgnored() {
    PrecompiledRules damaged = PrecompiledRules.read(new ByteArrayInputStream("{\"environment\":".getBytes(StandardCharsets.UTF_8)));
    assertThat(damaged.files()).isEmpty();
  }
}
