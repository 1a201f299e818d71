package dev.fargateciaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fargateciaudit.input.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: each {@code src/test/resources/rules-rejected/NAME.yml} must be rejected with exactly
 * the one line in {@code NAME.expected} (file:line:col: message), the line the CLI prints before exit 2.
 */
class RejectedRulesTest {
  private static final Path DIR = Path.of("src/test/resources/rules-rejected");

  static Stream<String> cases() throws IOException {
    try (Stream<Path> s = Files.list(DIR)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml"))
          .map(n -> n.substring(0, n.length() - 4)).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRejectedWithItsGoldenMessage(String name) throws IOException {
    byte[] yaml = Files.readAllBytes(DIR.resolve(name + ".yml"));
    String expectedId = name.startsWith("id-") ? name : null;
    BadInputException e = catchThrowableOfType(BadInputException.class,
        () -> RuleLoader.load(name + ".yml", yaml, expectedId));
    assertThat(e).as("%s must be rejected", name).isNotNull();
    Path golden = DIR.resolve(name + ".expected");
    assertThat(golden).as("golden file for %s; actual: %s", name, e.oneLine()).exists();
    assertThat(e.oneLine()).isEqualTo(Files.readString(golden).strip());
  }
}
