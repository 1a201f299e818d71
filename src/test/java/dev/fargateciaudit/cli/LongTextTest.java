package dev.fargateciaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fargateciaudit.input.Mappers;
import dev.fargateciaudit.input.TextLimit;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports stay proportional to the estate (issue #29 d13): text of a snapshot longer than 1 KiB is
 * cut at load and marked, so names of megabytes repeated in every finding cannot make the reports
 * a thousand times the snapshot (the base build wrote a 1.14 GB findings.json from a 114 MB one).
 */
class LongTextTest {
  @TempDir Path dir;

  @Test
  void megabyteNamesAreCutAtLoadAndTheReportsStaySmall() throws Exception {
    ObjectNode estate = (ObjectNode) Mappers.json().readTree(Path.of("examples/blog-setup/inventory.json").toFile());
    String huge = "n".repeat(2_000_000);
    for (JsonNode g : estate.get("securityGroups")) ((ObjectNode) g).put("name", huge).put("description", huge);
    for (JsonNode r : estate.get("iamRoles")) ((ObjectNode) r).put("name", huge);
    Path snapshot = dir.resolve("estate.json");
    Mappers.json().writeValue(snapshot.toFile(), estate);

    Inventory loaded = InventoryJson.load(snapshot);
    String cut = "n".repeat(TextLimit.MAX_CHARS) + "…[" + (huge.length() - TextLimit.MAX_CHARS) + " more characters cut]";
    assertThat(loaded.securityGroups()).allSatisfy(g -> assertThat(g.name()).isEqualTo(cut));
    assertThat(loaded.iamRoles()).allSatisfy(r -> assertThat(r.name()).isEqualTo(cut));

    Path out = dir.resolve("out");
    int code = Main.run(new String[] {"audit", "--snapshot", snapshot.toString(), "--out", out.toString(), "--quiet"},
        new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
    assertThat(code).isEqualTo(1);
    long reports = Files.size(out.resolve("findings.json")) + Files.size(out.resolve("report.html"))
        + Files.size(out.resolve("junit.xml")) + Files.size(out.resolve("inventory.json"));
    // The names are cut to 1 KiB: every report together (inventory.json is the inventory evaluated,
    // not a copy of the file) is a fraction of the snapshot that held them.
    assertThat(reports).isLessThan(Files.size(snapshot) / 4);
    assertThat(Files.readString(out.resolve("findings.json"))).contains("more characters cut]");
  }
}
