package dev.fargateciaudit.cli;

import static dev.fargateciaudit.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run may do to the files in and around {@code --out} (issue #29 d01, d02 and the snapshot
 * permissions of d15): it never removes or replaces an input, a saved snapshot or a file it cannot
 * prove it wrote, and writes {@code --save-snapshot} only once every input has been checked.
 */
class OutputOwnershipTest {
  static final Path SNAPSHOT = Path.of("examples/hardened/inventory.json");

  @TempDir Path dir;

  /** d01: the snapshot read is in --out, and this run does not write inventory.json: it stays. */
  @Test
  void theSnapshotReadFromTheOutFolderIsNeverRemoved() throws IOException {
    Path rep = Files.createDirectories(dir.resolve("rep"));
    Path snapshot = Files.copy(SNAPSHOT, rep.resolve("inventory.json"));
    CliRun r = run("audit", "--snapshot", snapshot.toString(), "--out", rep.toString(), "--format", "html,json", "--quiet");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(snapshot).hasSameBinaryContentAs(SNAPSHOT);
    assertThat(files(rep)).containsOnlyKeys("inventory.json", "report.html", "findings.json", ".fargate-ci-audit");

    // Again, with every report: inventory.json would be the snapshot's own bytes, so it is left as it is.
    CliRun again = run("audit", "--snapshot", snapshot.toString(), "--out", rep.toString(), "--quiet");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(snapshot).hasSameBinaryContentAs(SNAPSHOT);
    // And a run that would write a different inventory.json there (a runner config laid over it) is refused.
    CliRun overlaid = run("audit", "--snapshot", snapshot.toString(), "--config", "examples/hardened/audit.yml",
        "--out", rep.toString(), "--quiet");
    assertThat(overlaid.code()).isEqualTo(2);
    assertThat(overlaid.err().lines()).containsExactly(snapshot + ": is an input of this run, and this run would replace it"
        + " (expected an --out folder that holds none of the run's inputs)");
    assertThat(snapshot).hasSameBinaryContentAs(SNAPSHOT);
  }

  /** d01: the snapshot this run saves into --out, beside reports that do not include inventory.json, stays; 0600 (d15). */
  @Test
  void aSnapshotSavedIntoTheOutFolderStaysAndIsTheOwnersAlone() throws IOException {
    Path rep = dir.resolve("rep2");
    Path saved = rep.resolve("inventory.json");
    CliRun r = run("audit", "--snapshot", SNAPSHOT.toString(), "--save-snapshot", saved.toString(), "--out", rep.toString(),
        "--format", "html", "--quiet");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(saved).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(saved))).isEqualTo("rw-------");
    // A second run keeps it too: it is not one of the reports the manifest records.
    assertThat(run("audit", "--snapshot", SNAPSHOT.toString(), "--out", rep.toString(), "--format", "html", "--quiet").code()).isZero();
    assertThat(saved).exists();
  }

  /** d01: merging a shard into its own folder would replace its findings.json: refused, nothing lost. */
  @Test
  void mergingIntoAShardsOwnFolderIsRefusedAndLosesNothing() throws IOException {
    Path acct1 = dir.resolve("acct1");
    assertThat(run("audit", "--snapshot", SNAPSHOT.toString(), "--out", acct1.toString(), "--quiet").code()).isZero();
    Map<String, byte[]> before = files(acct1);
    CliRun r = run("merge", acct1.toString(), "--out", acct1.toString(), "--quiet");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).containsExactly(acct1.resolve("findings.json") + ": is an input of this run, and this run"
        + " would replace it (expected an --out folder that holds none of the run's inputs)");
    assertEqual(files(acct1), before);
  }

  /** d02: a bad waivers file, rule folder or baseline is found before the snapshot is saved: nothing is written. */
  @Test
  void theSnapshotIsSavedOnlyOnceEveryInputHasBeenChecked() throws IOException {
    Path badWaivers = Files.writeString(dir.resolve("waivers.yml"), "- rule: FCA-NOPE-001\n");
    Path badRules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(badRules.resolve("FCA-X-001.yml"), "id: [\n");
    Path badBaseline = Files.writeString(dir.resolve("baseline.json"), "{}");
    String[][] cases = {{"--waivers", badWaivers.toString()}, {"--rules", badRules.toString()}, {"--baseline", badBaseline.toString()}};
    for (String[] bad : cases) {
      Path saved = dir.resolve("saved.json");
      Path out = dir.resolve("out");
      CliRun r = run("audit", "--snapshot", SNAPSHOT.toString(), "--save-snapshot", saved.toString(), "--out", out.toString(),
          bad[0], bad[1], "--quiet");
      assertThat(r.code()).as(bad[0] + ": " + r.err()).isEqualTo(2);
      assertThat(saved).as(bad[0]).doesNotExist();
      assertThat(out).as(bad[0]).doesNotExist();
    }
  }

  @Test
  void saveSnapshotNamingAnInputOrAReportOfThisRunIsRefusedUpFront() throws IOException {
    Path snapshot = Files.copy(SNAPSHOT, dir.resolve("estate.json"));
    CliRun onInput = run("audit", "--snapshot", snapshot.toString(), "--save-snapshot", snapshot.toString(),
        "--out", dir.resolve("out").toString());
    assertThat(onInput.code()).isEqualTo(2);
    assertThat(onInput.err()).startsWith("fargate-ci-audit: --save-snapshot " + snapshot + " would replace the input " + snapshot);
    Path out = dir.resolve("out2");
    CliRun onReport = run("audit", "--snapshot", snapshot.toString(), "--save-snapshot", out.resolve("findings.json").toString(),
        "--out", out.toString());
    assertThat(onReport.code()).isEqualTo(2);
    assertThat(onReport.err()).contains("is the findings.json this run writes into --out");
    assertThat(snapshot).hasSameBinaryContentAs(SNAPSHOT);
    assertThat(out).doesNotExist();
  }

  /** A report name held by a file this tool did not write, or changed since: exit 2, and the whole run writes nothing. */
  @Test
  void aFileTheToolCannotProveItWroteIsNeverReplaced() throws IOException {
    Path rep = Files.createDirectories(dir.resolve("rep"));
    Path mine = Files.writeString(rep.resolve("report.html"), "my own notes");
    CliRun r = run("audit", "--snapshot", SNAPSHOT.toString(), "--out", rep.toString(), "--quiet");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).containsExactly(mine + ": was not written by an earlier run of this tool, or was changed since"
        + " (expected this tool's own report, which it may replace; move the file away or choose another --out)");
    assertThat(mine).hasContent("my own notes");
    assertThat(files(rep)).containsOnlyKeys("report.html", ".fargate-ci-audit");

    // A report of an earlier run, edited since, is no longer provably the tool's.
    Files.delete(mine);
    assertThat(run("audit", "--snapshot", SNAPSHOT.toString(), "--out", rep.toString(), "--quiet").code()).isZero();
    Files.writeString(rep.resolve("junit.xml"), "<edited/>");
    CliRun edited = run("audit", "--snapshot", SNAPSHOT.toString(), "--out", rep.toString(), "--quiet");
    assertThat(edited.code()).isEqualTo(2);
    assertThat(edited.err()).startsWith(rep.resolve("junit.xml") + ": was not written by an earlier run of this tool");
    assertThat(rep.resolve("junit.xml")).hasContent("<edited/>");
  }

  /** Reports of an earlier run that this run does not write go, so none is taken for this run's; a changed one stays. */
  @Test
  void staleReportsGoOnlyWhenProvablyTheTools() throws IOException {
    Path rep = dir.resolve("rep");
    assertThat(run("audit", "--snapshot", SNAPSHOT.toString(), "--out", rep.toString(), "--quiet").code()).isZero();
    Files.writeString(rep.resolve("junit.xml"), "<edited/>");
    CliRun r = run("audit", "--snapshot", SNAPSHOT.toString(), "--out", rep.toString(), "--format", "html", "--quiet");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(files(rep)).containsOnlyKeys("report.html", "junit.xml", ".fargate-ci-audit");
    assertThat(rep.resolve("junit.xml")).hasContent("<edited/>");
  }

  private static Map<String, byte[]> files(Path dir) throws IOException {
    Map<String, byte[]> m = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) m.put(p.getFileName().toString(), Files.readAllBytes(p));
    }
    return m;
  }

  private static void assertEqual(Map<String, byte[]> actual, Map<String, byte[]> expected) {
    assertThat(actual).containsOnlyKeys(expected.keySet());
    expected.forEach((k, v) -> assertThat(actual.get(k)).as(k).isEqualTo(v));
  }
}
