package dev.fargateciaudit.cli;

import static dev.fargateciaudit.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small errors of issue #30 item 13: one clear line and exit 2 each. */
class SmallErrorsTest {
  @TempDir Path dir;

  static final String[] HARDENED = {"audit", "--config", "examples/hardened/audit.yml", "--snapshot", "examples/hardened/inventory.json", "--quiet"};

  static String[] hardened(String... more) {
    String[] all = java.util.Arrays.copyOf(HARDENED, HARDENED.length + more.length);
    System.arraycopy(more, 0, all, HARDENED.length, more.length);
    return all;
  }

  @Test
  void outNamingAFileIsBadInputNotAnInternalError() throws Exception {
    Path file = Files.writeString(dir.resolve("report.txt"), "keep me");
    CliRun r = run(hardened("--out", file.toString()));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().trim()).isEqualTo(file + ": is a file, not a folder (expected --out DIR, the folder the reports are written to)");
    assertThat(file).hasContent("keep me");
  }

  @Test
  void anEmptyPlannedDirectoryIsBadInput() throws Exception {
    Path planned = Files.createDirectories(dir.resolve("planned"));
    Files.writeString(planned.resolve("README.md"), "nothing planned yet");
    CliRun r = run(hardened("--planned", planned.toString(), "--out", dir.resolve("out").toString()));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().trim()).startsWith(planned + ": no planned file in this directory");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void mergeTakesTheFindingsFileOrItsFolder() {
    Path run1 = dir.resolve("run1");
    assertThat(run(hardened("--out", run1.toString(), "--format", "json")).code()).isZero();
    CliRun byFile = run("merge", run1.resolve("findings.json").toString(), "--out", dir.resolve("m1").toString(), "--quiet");
    assertThat(byFile.code()).as(byFile.err()).isZero();
    CliRun byFolder = run("merge", run1.toString(), "--out", dir.resolve("m2").toString(), "--quiet");
    assertThat(byFolder.code()).as(byFolder.err()).isZero();
    assertThat(dir.resolve("m1/findings.json")).exists();
  }

  @Test
  void failOnHelpListsWhatItAccepts() {
    for (String cmd : new String[] {"audit", "merge"}) {
      String help = run(cmd, "--help").out();
      assertThat(help).contains("critical|high|medium|low|never").doesNotContain("|info");
    }
    CliRun info = run(hardened("--fail-on", "info", "--out", dir.resolve("x").toString()));
    assertThat(info.code()).isEqualTo(2);
    assertThat(info.err()).contains("--fail-on info is not a threshold (expected critical, high, medium, low or never)");
  }
}
