package dev.fargateciaudit.cli;

import static dev.fargateciaudit.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing from a config, a rule file, a waivers file, a file name or an argument reaches the
 * terminal as a control sequence (issue #29 d14): ESC, BEL, CR and bidi overrides planted in each
 * come out as visible escapes, lines stay lines, and the {@code --json} summary stays JSON.
 */
class TerminalOutputTest {
  static final String HOSTILE = "\u001b]0;pwned\u0007\u001b[2J\rexit 0: nothing fails\u202e";

  @TempDir Path dir;

  static void assertInert(String text) {
    assertThat(text).doesNotContain("\u001b", "\u0007", "\r", "\u202e");
    assertThat(text.lines()).noneMatch(l -> l.startsWith("exit 0"));
  }

  /** A failing rule from a --rules folder whose title carries the sequences, and a waiver that matches nothing. */
  Path rules() throws IOException {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    String yaml = Files.readString(Path.of("rules/ports/FCA-PORTS-006.yml"))
        .replace("id: FCA-PORTS-006", "id: FCA-TEST-001")
        .replaceFirst("(?m)^title: .*$", "title: \"EFS open\\\\e]0;pwned\\\\a\\\\e[2J\\\\rexit 0: nothing fails\\\\u202e\"");
    Files.writeString(rules.resolve("FCA-TEST-001.yml"), yaml);
    return rules;
  }

  @Test
  void aRuleTitleAndAWaiverCannotMoveTheCursorOrRewriteTheSummary() throws IOException {
    Path rules = rules();
    Path waivers = Files.writeString(dir.resolve("waivers.yml"),
        "- rule: FCA-TEST-001\n  resource: \"sg-none\\e]8;;http://evil\\a\\rexit 0\"\n  reason: r\n  approvedBy: a\n  expires: 2030-01-01\n");
    CliRun r = run("audit", "--snapshot", "examples/blog-setup/inventory.json", "--rules", rules.toString(),
        "--waivers", waivers.toString(), "--out", dir.resolve("out").toString(), "--today", "2026-06-01");
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).contains("FCA-TEST-001", "EFS open\\u{001B}]0;pwned\\u{0007}", "waiver matched nothing: FCA-TEST-001 sg-none");
    assertInert(r.all());

    CliRun listed = run("rules", "list", "--rules", rules.toString());
    assertThat(listed.out()).contains("FCA-TEST-001");
    assertInert(listed.all());
    CliRun shown = run("rules", "show", "FCA-TEST-001", "--rules", rules.toString());
    assertInert(shown.all());
  }

  @Test
  void theJsonSummaryStaysJsonAndInert() throws Exception {
    CliRun r = run("audit", "--snapshot", "examples/blog-setup/inventory.json", "--rules", rules().toString(),
        "--out", dir.resolve("out").toString(), "--json");
    assertInert(r.out());
    JsonNode summary = Mappers.json().readTree(r.out());
    assertThat(summary.path("failingRules").findValuesAsText("ruleId")).contains("FCA-TEST-001");
  }

  /** File names and arguments are the user's, but a terminal is still no place for their control characters. */
  @Test
  void fileNamesAndArgumentsInErrorsAreInert() {
    for (List<String> args : List.of(
        List.of("audit", "--snapshot", dir.resolve("x" + HOSTILE + ".json").toString()),
        List.of("audit", "--snapshot", "examples/blog-setup/inventory.json", "--fail-on", HOSTILE),
        List.of("audit", "--snapshot", "examples/blog-setup/inventory.json", "--format", HOSTILE),
        List.of("audit", "--snapshot", "examples/blog-setup/inventory.json", "--region", HOSTILE),
        List.of("audit", HOSTILE))) {
      CliRun r = run(args.toArray(String[]::new));
      assertThat(r.code()).as(args.toString()).isEqualTo(2);
      assertThat(r.err().lines()).as(args.toString()).hasSize(1);
      assertInert(r.all());
      assertThat(r.err()).contains("\\u001B");
    }
  }
}
