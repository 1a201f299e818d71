package dev.fargateciaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.cli.Main;
import dev.fargateciaudit.findings.FindingsDocument;
import dev.fargateciaudit.findings.FindingsJson;
import dev.fargateciaudit.findings.Status;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A custom rule cannot run without end (issue #29 d13): three nested comprehensions over 200
 * elements are 8,000,000 iterations per subject, over the budget of one evaluation; the rule is
 * ERROR on each subject, saying why, and the other rules are judged as usual.
 */
class CelBudgetTest {
  @TempDir Path dir;

  @Test
  void aRuleOverItsIterationBudgetIsErrorOnEachSubject() throws IOException {
    String list = IntStream.range(0, 200).mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"));
    String rule = Files.readString(Path.of("rules/ports/FCA-PORTS-001.yml"))
        .replace("id: FCA-PORTS-001", "id: FCA-TEST-001")
        .replace("check: \"!subject.inbound.exists(r, r.world)\"",
            "check: \"" + list + ".all(a, " + list + ".all(b, " + list + ".all(c, a + b + c >= 0)))\"");
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(rules.resolve("FCA-TEST-001.yml"), rule);
    Path out = dir.resolve("out");
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"audit", "--snapshot", "examples/hardened/inventory.json", "--config",
        "examples/hardened/audit.yml", "--rules", rules.toString(), "--out", out.toString(), "--quiet", "--format", "json"},
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isEqualTo(3);
    FindingsDocument doc = FindingsJson.read(out.resolve("findings.json"));
    assertThat(doc.findings()).filteredOn(f -> f.ruleId().equals("FCA-TEST-001")).isNotEmpty()
        .allSatisfy(f -> {
          assertThat(f.status()).isEqualTo(Status.ERROR);
          assertThat(f.message()).endsWith("the rule's expression went over its budget of 100,000 comprehension iterations on this subject");
        });
    assertThat(doc.findings()).filteredOn(f -> f.ruleId().equals("FCA-PORTS-001")).allMatch(f -> f.status() == Status.PASS);
  }
}
