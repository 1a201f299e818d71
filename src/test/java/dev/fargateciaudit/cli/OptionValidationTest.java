package dev.fargateciaudit.cli;

import static dev.fargateciaudit.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Options are checked before anything is read, in the words of their help, and no message names a
 * Java class (issue #29 d15). The base build took {@code --region London} and {@code --call-timeout
 * PT0S} and went on (in a live scan every rule ERROR, exit 0 with --allow-incomplete), suggested
 * {@code info} for --fail-on and then refused it, took {@code --today +999999999-12-31}, and named
 * {@code java.time.format.DateTimeParseException} for a duration it could not read.
 */
class OptionValidationTest {
  static final String SNAPSHOT = "examples/hardened/inventory.json";

  @TempDir Path dir;

  /** An audit of the hardened snapshot (which passes at every threshold but info) with {@code more}. */
  CliRun audit(String... more) {
    List<String> args = new ArrayList<>(List.of("audit", "--snapshot", SNAPSHOT, "--out", dir.resolve("out").toString(), "--quiet"));
    args.addAll(List.of(more));
    return run(args);
  }

  /** Exit 2, the one line expected, and nothing written. */
  void refused(CliRun r, String line) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines().toList()).containsExactly(line);
    assertThat(r.err()).doesNotContain("java.").doesNotContain("Exception").doesNotContainPattern("\\b[a-z]+\\.[a-z]+\\.[A-Z]");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', textBlock = """
      --region          | London    | fargate-ci-audit: region 'London' is not an AWS region (expected a code such as eu-west-2); regions come from --region, the config's regions, else AWS_REGION or the profile
      --call-timeout    | PT0S      | fargate-ci-audit: --call-timeout PT0S is out of range (expected a positive duration of at most PT1H, such as PT30S)
      --connect-timeout | PT-5S     | fargate-ci-audit: --connect-timeout PT-5S is out of range (expected a positive duration of at most PT1H, such as PT30S)
      --call-timeout    | PT2H      | fargate-ci-audit: --call-timeout PT2H is out of range (expected a positive duration of at most PT1H, such as PT30S)
      --call-timeout    | 30s       | fargate-ci-audit audit: Invalid value for option '--call-timeout': '30s' is not a duration (expected ISO-8601, such as PT30S or PT2M); see 'fargate-ci-audit audit --help'
      --concurrency     | 0         | fargate-ci-audit: --concurrency 0 is out of range (expected 1 to 64)
      --max-attempts    | 0         | fargate-ci-audit: --max-attempts 0 is out of range (expected 1 to 20)
      --today           | +999999999-12-31 | fargate-ci-audit audit: Invalid value for option '--today': '+999999999-12-31' is not a date (expected YYYY-MM-DD); see 'fargate-ci-audit audit --help'
      --today           | 2027-02-30 | fargate-ci-audit audit: Invalid value for option '--today': '2027-02-30' is not a date (expected YYYY-MM-DD); see 'fargate-ci-audit audit --help'
      --fail-on         | info      | fargate-ci-audit: --fail-on info is not a threshold (expected critical, high, medium, low or never)
      --fail-on         | severe    | fargate-ci-audit: --fail-on severe is not a threshold (expected critical, high, medium, low or never)
      """)
  void anOptionOutsideItsHelpIsRefusedBeforeAnythingIsRead(String option, String value, String line) {
    refused(audit(option, value), line);
  }

  /** What --fail-on's help lists is what it takes, and nothing it refuses is suggested. */
  @Test
  void failOnTakesExactlyWhatItsHelpLists() {
    String help = run(List.of("audit", "--help")).out();
    assertThat(help).contains("critical|high|medium|low|never");
    for (String accepted : List.of("critical", "high", "medium", "low", "never")) {
      CliRun r = audit("--fail-on", accepted, "--format", "json");
      assertThat(r.code()).as(accepted + ": " + r.err()).isZero();
    }
  }

  /** merge checks its options before it reads a shard: a typo is said, not the shard's absence. */
  @Test
  void mergeChecksItsOptionsFirst() {
    refused(run(List.of("merge", dir.resolve("no-such-shard").toString(), "--out", dir.resolve("out").toString(), "--fail-on", "info")),
        "fargate-ci-audit: --fail-on info is not a threshold (expected critical, high, medium, low or never)");
    refused(run(List.of("merge", dir.resolve("no-such-shard").toString(), "--out", dir.resolve("out").toString(), "--format", "pdf")),
        "fargate-ci-audit: unknown --format 'pdf' (expected one or more of html, junit, json, inventory, codequality)");
  }

  @Test
  void diffTakesOnlyRealDatesAndAWindowOfZeroOrMoreDays() {
    List<String> diff = List.of("diff", SNAPSHOT, SNAPSHOT);
    List<String> args = new ArrayList<>(diff);
    args.addAll(List.of("--today", "+999999999-12-31"));
    refused(run(args), "fargate-ci-audit diff: Invalid value for option '--today': '+999999999-12-31' is not a date (expected YYYY-MM-DD); see 'fargate-ci-audit diff --help'");
    args = new ArrayList<>(diff);
    args.addAll(List.of("--expiry-window", "-1"));
    refused(run(args), "fargate-ci-audit: --expiry-window -1 is out of range (expected 0 or more days)");
  }

  /** A UTF-16 snapshot (with its byte-order mark, as Windows tools write it) is refused, not decoded. */
  @Test
  void aUtf16SnapshotIsRefusedWithOneLine() throws IOException {
    byte[] utf16 = Files.readString(Path.of(SNAPSHOT)).getBytes(StandardCharsets.UTF_16);
    Path snapshot = Files.write(dir.resolve("inventory-utf16.json"), utf16);
    CliRun r = run(List.of("audit", "--snapshot", snapshot.toString(), "--out", dir.resolve("out").toString(), "--quiet"));
    refused(r, snapshot + ":1:1: UTF-16 or UTF-32 text (expected UTF-8 text)");
  }
}
