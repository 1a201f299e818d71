package dev.fargateciaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of {@code src/test/resources/bad-input/} run through {@code audit} in-process (as the
 * snapshot, the config, the config's runner TOML, a file of a {@code --rules} folder, the
 * {@code --waivers} file, or in a {@code --planned} folder an {@code iam.yml} or a policy it names
 * (trust policy when the name starts {@code trust-}, else inline), by its folder): exit 2,
 * exactly the one expected {@code FILE:LINE:COL: message} line on stderr (golden file
 * {@code expected.txt}), no stack trace, nothing written to {@code --out}, and quickly (the parser
 * limits of {@code input/Mappers} bound nesting, numbers and YAML aliases).
 */
class BadInputCorpusTest {
  private static final Path CORPUS = corpus();
  private static final Map<String, String> EXPECTED = expected();

  @TempDir Path tmp;

  static Stream<String> cases() {
    try (Stream<Path> files = Files.walk(CORPUS)) {
      return files.filter(Files::isRegularFile)
          .map(p -> CORPUS.relativize(p).toString().replace('\\', '/'))
          .filter(p -> p.contains("/"))
          .sorted()
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyCorpusFileHasAnExpectationAndViceVersa() {
    assertThat(EXPECTED.keySet()).containsExactlyInAnyOrderElementsOf(cases().toList());
    assertThat(cases().filter(c -> c.startsWith("snapshot/")).count()).isGreaterThanOrEqualTo(20);
    assertThat(cases().filter(c -> c.startsWith("config/")).count()).isGreaterThanOrEqualTo(15);
    assertThat(cases().filter(c -> c.startsWith("toml/")).count()).isGreaterThanOrEqualTo(8);
    assertThat(cases().filter(c -> c.startsWith("rules/")).count()).isGreaterThanOrEqualTo(3);
    assertThat(cases().filter(c -> c.startsWith("waivers/")).count()).isGreaterThanOrEqualTo(4);
    assertThat(cases().filter(c -> c.startsWith("planned/")).count()).isGreaterThanOrEqualTo(8);
  }

  /** docs/reliability.md's bad-input table: one row per corpus file, with exit code 2 and the golden line. */
  @Test
  void reliabilityDocListsEveryCaseWithItsOutcome() throws IOException {
    String doc = Files.readString(Path.of("docs/reliability.md"));
    String section = doc.substring(doc.indexOf("\n## Bad input\n"));
    int next = section.indexOf("\n## ", 1);
    Map<String, String> rows = new LinkedHashMap<>();
    for (String row : (next < 0 ? section : section.substring(0, next)).lines().toList()) {
      if (!row.startsWith("| `")) continue;
      String[] cells = row.substring(2, row.length() - 2).split(" \\| ");
      rows.put(cells[0].replace("`", ""), cells[2] + " " + cells[cells.length - 1]);
    }
    Map<String, String> expected = new LinkedHashMap<>();
    EXPECTED.forEach((name, line) -> expected.put(name, "2 `FILE" + line + "`"));
    assertThat(rows).as("docs/reliability.md bad-input rows (case -> exit code and stderr)")
        .containsExactlyInAnyOrderEntriesOf(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInputExitsTwoWithOnePositionedLine(String name) throws IOException {
    Path file = CORPUS.resolve(name).toAbsolutePath();
    Path out = tmp.resolve("reports");
    String snapshot = CORPUS.resolve("valid-minimal.json").toAbsolutePath().toString();
    List<String> args;
    if (name.startsWith("snapshot/")) {
      args = List.of("audit", "--snapshot", file.toString(), "--out", out.toString());
    } else if (name.startsWith("config/")) {
      args = List.of("audit", "--snapshot", snapshot, "--config", file.toString(), "--out", out.toString());
    } else if (name.startsWith("rules/")) {
      Path dir = Files.createDirectories(tmp.resolve("rules"));
      file = Files.copy(file, dir.resolve(file.getFileName()));
      args = List.of("audit", "--snapshot", snapshot, "--rules", dir.toString(), "--out", out.toString());
    } else if (name.startsWith("planned/")) {
      Path dir = Files.createDirectories(tmp.resolve("planned"));
      String fileName = file.getFileName().toString();
      if (fileName.endsWith(".yml")) {
        file = Files.copy(file, dir.resolve("iam.yml"));
      } else {
        file = Files.copy(file, dir.resolve(fileName));
        String ref = fileName.startsWith("trust-") ? "trustPolicy: " + fileName : "inlinePolicies: {planned: " + fileName + "}";
        Files.writeString(dir.resolve("iam.yml"), "roles:\n  - role: gitlab-ci-task-execution\n    " + ref + "\n");
      }
      args = List.of("audit", "--snapshot", snapshot, "--planned", dir.toString(), "--out", out.toString());
    } else if (name.startsWith("waivers/")) {
      args = List.of("audit", "--snapshot", snapshot, "--waivers", file.toString(), "--out", out.toString());
    } else {
      Path config = tmp.resolve("audit.yml");
      Files.writeString(config, "ci:\n  runnerConfig: \"" + file.toString().replace("\\", "\\\\") + "\"\n");
      args = List.of("audit", "--snapshot", snapshot, "--config", config.toString(), "--out", out.toString());
    }

    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    int code = assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
        Main.run(args.toArray(String[]::new), new PrintWriter(stdout, true), new PrintWriter(stderr, true)));

    List<String> lines = stderr.toString().lines().toList();
    assertThat(code).as("exit code; stderr: %s", stderr).isEqualTo(2);
    assertThat(lines).as("stderr").hasSize(1);
    String line = lines.get(0);
    assertThat(line).startsWith(file + ":").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(line.substring(file.toString().length())).isEqualTo(EXPECTED.get(name));
    assertThat(stdout.toString()).isEmpty();
    assertThat(out).doesNotExist();
  }

  private static Path corpus() {
    try {
      return Path.of(BadInputCorpusTest.class.getResource("/bad-input/valid-minimal.json").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code expected.txt}: {@code CASE<TAB>:LINE:COL: message}, one per case. */
  private static Map<String, String> expected() {
    try {
      Map<String, String> map = new LinkedHashMap<>();
      for (String l : Files.readAllLines(CORPUS.resolve("expected.txt"), StandardCharsets.UTF_8)) {
        if (l.isBlank() || l.startsWith("#")) continue;
        int tab = l.indexOf('\t');
        map.put(l.substring(0, tab), l.substring(tab + 1));
      }
      return map;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
