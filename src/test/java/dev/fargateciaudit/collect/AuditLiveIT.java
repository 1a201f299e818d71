package dev.fargateciaudit.collect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.cli.Main;
import dev.fargateciaudit.input.Mappers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit --live} of the example estates rebuilt in moto judges them as the bundled
 * snapshots are judged: the blog set-up fails the same rules as {@code examples/blog-setup},
 * the hardened one fails nothing but the info advice on AWS's execution-role policy.
 */
class AuditLiveIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  @Test
  void blogEstateFailsTheSameRulesLiveAsItsSnapshot(@TempDir Path dir) throws Exception {
    Path config;
    try (Estate e = new Estate(MOTO.endpoint(), "eu-west-2")) {
      config = ExampleEstate.build(e, false, dir);
    }
    Set<String> live = failedRules(audit(dir.resolve("live"), "--config", config.toString(), "--live"));
    Set<String> snapshot = failedRules(audit(dir.resolve("snapshot"), "--config", "examples/blog-setup/audit.yml",
        "--snapshot", "examples/blog-setup/inventory.json"));
    System.out.println("blog FAIL rules: live " + live + ", snapshot " + snapshot);
    assertThat(snapshot).isNotEmpty();
    assertThat(live).isEqualTo(snapshot);
  }

  @Test
  void hardenedEstateFailsNothingLive(@TempDir Path dir) throws Exception {
    Path config;
    try (Estate e = new Estate(MOTO.endpoint(), "eu-west-2")) {
      config = ExampleEstate.build(e, true, dir);
    }
    JsonNode findings = audit(dir.resolve("live"), "--config", config.toString(), "--live");
    assertThat(findings.path("collectionErrors")).isEmpty();
    // Only the info advice on AWS's own execution-role policy, below every gate.
    assertThat(failedRules(findings)).containsExactly("FCA-IAM-013");
    assertThat(findings.path("findings")).isNotEmpty();
  }

  private static JsonNode audit(Path out, String... args) throws Exception {
    String[] all = new String[args.length + 3];
    all[0] = "audit";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--out";
    all[args.length + 2] = out.toString();
    StringWriter err = new StringWriter();
    int code = Main.run(all, new PrintWriter(new StringWriter()), new PrintWriter(err));
    assertThat(code).as("exit code of audit; stderr: %s", err).isIn(0, 1);
    return Mappers.json().readTree(out.resolve("findings.json").toFile());
  }

  private static Set<String> failedRules(JsonNode findings) {
    Set<String> ids = new TreeSet<>();
    findings.path("findings").forEach(f -> {
      if (f.path("status").asText().equals("FAIL")) ids.add(f.path("ruleId").asText());
    });
    return ids;
  }
}
