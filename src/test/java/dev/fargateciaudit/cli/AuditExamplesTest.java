package dev.fargateciaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.config.ConfigLoader;
import dev.fargateciaudit.config.RunnerConfigReader;
import dev.fargateciaudit.inventory.InventoryJson;
import dev.fargateciaudit.inventory.SnapshotFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit} of the bundled examples in process: the gate's exit codes and findings.json content. */
class AuditExamplesTest {
  @TempDir Path out;

  private int audit(String example, StringWriter err) {
    return Main.run(new String[] {"audit", "--config", "examples/" + example + "/audit.yml",
        "--snapshot", "examples/" + example + "/inventory.json", "--out", out.toString(), "--quiet"},
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
  }

  @Test
  void blogSetupFailsTheGateAndHardenedPasses() throws Exception {
    StringWriter err = new StringWriter();
    assertThat(audit("blog-setup", err)).as(err.toString()).isEqualTo(1);
    String findings = Files.readString(out.resolve("findings.json"));
    assertThat(findings).contains("\"ruleId\" : \"FCA-EGRESS-002\"").contains("broken egress");
    assertThat(audit("hardened", err)).as(err.toString()).isZero();
  }

  private int auditSnapshot(Path snapshot, String... more) {
    String[] args = new String[] {"audit", "--snapshot", snapshot.toString(), "--out", out.toString(), "--quiet"};
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return Main.run(all, new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
  }

  /** inventory.json must be the inventory evaluated: the snapshot's own bytes only when nothing was laid over it. */
  @Test
  void inventoryJsonIsTheSnapshotReadWhenNothingIsLaidOverIt(@TempDir Path in) throws Exception {
    Path snapshot = in.resolve("estate.json");
    Files.copy(Path.of("examples/blog-setup/inventory.json"), snapshot);
    auditSnapshot(snapshot);
    assertThat(out.resolve("inventory.json")).hasSameBinaryContentAs(snapshot);
    // The copy made while the audit ran was moved into place: no temporary file is left beside it.
    try (var files = Files.list(out)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("findings.json", "inventory.json", "junit.xml", "report.html", ".fargate-ci-audit");
    }

    // The blog example's audit.yml lays its fargate.toml over the snapshot: the runner config differs.
    audit("blog-setup", new StringWriter());
    byte[] written = Files.readAllBytes(out.resolve("inventory.json"));
    assertThat(written).isNotEqualTo(Files.readAllBytes(snapshot));
    Path config = Path.of("examples/blog-setup/audit.yml");
    assertThat(InventoryJson.read("inventory.json", written)).isEqualTo(
        RunnerConfigReader.overlayConfigured(InventoryJson.load(snapshot), ConfigLoader.load(config), config));
  }

  @Test
  void aSnapshotChangedSinceItWasReadIsNotCopied(@TempDir Path in) throws Exception {
    Path snapshot = in.resolve("estate.json");
    Files.copy(Path.of("examples/blog-setup/inventory.json"), snapshot);
    SnapshotFile read = SnapshotFile.of(snapshot);
    assertThat(read.unchanged()).isTrue();
    Files.writeString(snapshot, "{}");
    assertThat(read.unchanged()).isFalse();
    Files.delete(snapshot);
    assertThat(read.unchanged()).isFalse();
  }
}
