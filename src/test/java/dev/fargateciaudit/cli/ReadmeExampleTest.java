package dev.fargateciaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.input.Mappers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README's example output is what the tool prints and writes for the bundled example, not a picture of an older run. */
class ReadmeExampleTest {
  @TempDir Path out;

  @Test
  void theExampleOutputAndFindingAreWhatTheToolGives() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    StringWriter stdout = new StringWriter();
    int exit = Main.run(new String[] {"audit", "--snapshot", "examples/blog-setup/inventory.json",
        "--config", "examples/blog-setup/audit.yml", "--out", out.toString()},
        new PrintWriter(stdout, true), new PrintWriter(new StringWriter(), true));
    assertThat(exit).isEqualTo(1);

    Matcher text = Pattern.compile("(?s)exits 1 \\(the blog's mistakes fail the gate\\):\\s*```text\\n(.*?)```").matcher(readme);
    assertThat(text.find()).as("README shows the example's summary").isTrue();
    assertThat(stdout.toString().replace(out.toString(), "reports")).isEqualTo(text.group(1));

    Matcher json = Pattern.compile("(?s)\\(an excerpt;.*?```json\\n(.*?)```").matcher(readme);
    assertThat(json.find()).as("README shows a finding").isTrue();
    JsonNode excerpt = Mappers.json().readTree(json.group(1));
    JsonNode finding = null;
    for (JsonNode f : Mappers.json().readTree(out.resolve("findings.json").toFile()).path("findings")) {
      if (f.path("ruleId").equals(excerpt.path("ruleId")) && f.path("resource").path("id").equals(excerpt.path("resource").path("id"))) {
        finding = f;
      }
    }
    assertThat(finding).as("the finding README shows").isNotNull();
    for (var field : (Iterable<String>) excerpt::fieldNames) {
      assertThat(finding.path(field)).as(field).isEqualTo(excerpt.path(field));
    }
  }
}
