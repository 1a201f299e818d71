package dev.fargateciaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.drift.FindingsDiff;
import dev.fargateciaudit.findings.FindingKey;
import dev.fargateciaudit.findings.FindingsDocument;
import dev.fargateciaudit.findings.FindingsJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same estate audited from two CI build directories: the same findings, none new, none fixed. */
class StableIdentityTest {
  @TempDir Path work;

  private FindingsDocument auditFrom(String buildDir) throws Exception {
    Path checkout = work.resolve(buildDir);
    Files.createDirectories(checkout);
    for (String f : new String[] {"audit.yml", "fargate.toml", "inventory.json"}) {
      Files.copy(Path.of("examples/blog-setup").resolve(f), checkout.resolve(f));
    }
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"audit", "--config", checkout.resolve("audit.yml").toString(),
        "--snapshot", checkout.resolve("inventory.json").toString(), "--out", checkout.resolve("reports").toString(),
        "--quiet", "--format", "json"}, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isEqualTo(1);
    return FindingsJson.read(checkout.resolve("reports/findings.json"));
  }

  @Test
  void theRunnerConfigIsNamedRelativeToTheConfigFile() throws Exception {
    FindingsDocument first = auditFrom("builds/abc/0/infra");
    FindingsDocument second = auditFrom("builds/xyz/1/infra");
    assertThat(first.findings()).filteredOn(f -> FindingKey.RUNNER_CONFIG_TYPE.equals(f.resource().type()))
        .isNotEmpty()
        .allSatisfy(f -> assertThat(f.resource().id()).isEqualTo("fargate.toml"));
    FindingsDiff d = FindingsDiff.between(first.findings(), second.findings(), LocalDate.now(), 14);
    assertThat(d.newFailures()).isEmpty();
    assertThat(d.fixed()).isEmpty();
    assertThat(d.stillFailing()).isNotEmpty();
  }
}
