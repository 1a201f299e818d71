package dev.fargateciaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
}
