package dev.fargateciaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every built-in rule: its file name and folder match its id and area, and its fixtures hold. */
class BuiltInRulesTest {
  private static final Path RULES = Path.of("rules");

  static Stream<Path> ruleFiles() throws IOException {
    try (Stream<Path> s = Files.walk(RULES)) {
      return s.filter(p -> p.toString().endsWith(".yml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleFiles")
  void idMatchesFileNameAndAreaMatchesFolder(Path file) throws IOException {
    var node = Mappers.yaml().readTree(Files.readAllBytes(file));
    String fileName = file.getFileName().toString();
    assertThat(node.get("id").asText()).isEqualTo(fileName.substring(0, fileName.length() - 4));
    assertThat(node.get("area").asText()).isEqualTo(file.getParent().getFileName().toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleFiles")
  void fixturesHold(Path file) throws IOException {
    String id = file.getFileName().toString().replace(".yml", "");
    CompiledRule rule = RuleLoader.load(file.toString(), Files.readAllBytes(file), id);
    List<FixtureRunner.FixtureResult> results = FixtureRunner.run(rule);
    assertThat(rule.rule().tests().stream().map(Rule.Fixture::expect)).contains("PASS", "FAIL");
    assertThat(results).allSatisfy(r -> assertThat(r.problem()).as(r.fixture()).isNull());
  }

  @Test
  void theShippedRuleSetIsLargeAndCoversEveryArea() throws IOException {
    RuleSet set = RuleSet.load(List.of());
    assertThat(set.rules()).hasSizeGreaterThanOrEqualTo(30);
    assertThat(set.rules().stream().map(r -> r.rule().area()).distinct())
        .contains("public-ip", "egress", "ports", "images", "iam", "efs", "runner");
    assertThat(ruleFiles().count()).isEqualTo(set.rules().size());
  }
}
