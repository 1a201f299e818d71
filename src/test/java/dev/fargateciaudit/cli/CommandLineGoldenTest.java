package dev.fargateciaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a user sees, character for character, for help and for usage errors: each file of
 * {@code src/test/resources/cli-golden/} holds a command line ({@code $ fargate-ci-audit ARGS}, words
 * split on spaces), then the exit code and exactly what the command prints on stdout and stderr. Any
 * change to a help screen, to picocli's messages (suggestions included) or to how the CLI builds its
 * commands shows here as a diff to review.
 */
class CommandLineGoldenTest {
  private static final Path DIR = Path.of("src/test/resources/cli-golden");
  private static final String PROMPT = "$ fargate-ci-audit";

  static Stream<String> cases() {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt")).sorted().toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void printsExactlyWhatItsGoldenFileSays(String name) throws IOException {
    String golden = Files.readString(DIR.resolve(name), StandardCharsets.UTF_8);
    String commandLine = golden.lines().findFirst().orElseThrow();
    assertThat(commandLine).as("first line of %s", name).startsWith(PROMPT);
    String words = commandLine.substring(PROMPT.length()).trim();
    String[] args = words.isEmpty() ? new String[0] : words.split(" ");
    assertThat(render(Arrays.asList(args), CliRun.run(args))).isEqualTo(golden);
  }

  /** Top-level help, every command's help, no arguments, an unknown command and option, each way an option's value is refused. */
  @Test
  void theGoldenCasesCoverHelpAndEachKindOfUsageError() {
    List<String> names = cases().toList();
    for (String command : List.of("audit", "collect", "rules", "rules-list", "rules-show", "rules-test", "diff", "merge", "iam-policy")) {
      assertThat(names).contains("help-" + command + ".txt");
    }
    assertThat(names).contains("help.txt", "no-arguments.txt", "unknown-command.txt", "unknown-option.txt",
        "bad-duration.txt", "bad-number.txt", "bad-date.txt", "exclusive-options.txt", "missing-value.txt");
  }

  private static String render(List<String> args, CliRun run) {
    return (PROMPT + (args.isEmpty() ? "" : " " + String.join(" ", args))) + "\n"
        + "exit " + run.code() + "\n"
        + "--- stdout\n" + run.out()
        + "--- stderr\n" + run.err();
  }
}
