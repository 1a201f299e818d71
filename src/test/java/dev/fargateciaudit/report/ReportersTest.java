package dev.fargateciaudit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.findings.FindingsJson;
import dev.fargateciaudit.inventory.InventoryJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportersTest {
  @TempDir Path out;

  /** The folder's files but the manifest ({@code OutputFolderTest} covers it). */
  private List<String> filesIn(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".fargate-ci-audit")).sorted().toList();
    }
  }

  /**
   * The manifest records every report as it is on disk: the reports' writers give what they wrote,
   * the inventory copied from the snapshot is read back.
   */
  @Test
  void theManifestRecordsEachReportAsItIsOnDisk() throws Exception {
    List<Path> written = Reporters.writeAll(ReportFixtures.blogReport(), out, Set.of());
    var manifest = dev.fargateciaudit.input.Mappers.json().readTree(out.resolve(".fargate-ci-audit").toFile());
    Map<String, String> recorded = new java.util.TreeMap<>();
    manifest.get("files").forEach(f -> recorded.put(f.get("name").asText(), f.get("size").asLong() + " " + f.get("crc32c").asText()));
    Map<String, String> onDisk = new java.util.TreeMap<>();
    for (Path p : written) {
      byte[] bytes = Files.readAllBytes(p);
      java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
      crc.update(bytes);
      onDisk.put(p.getFileName().toString(), bytes.length + " " + String.format("%08x", crc.getValue()));
    }
    assertThat(recorded).isEqualTo(onDisk).hasSize(written.size());
  }

  @Test
  void emptyFormatSetWritesEveryReport() throws Exception {
    List<Path> written = Reporters.writeAll(ReportFixtures.blogReport(), out, Set.of());
    assertThat(written).extracting(p -> p.getFileName().toString())
        .containsExactly("report.html", "junit.xml", "findings.json", "inventory.json");
    assertThat(filesIn(out)).containsExactly("findings.json", "inventory.json", "junit.xml", "report.html");
    assertThat(FindingsJson.read(out.resolve("findings.json")).findings()).hasSize(ReportFixtures.blogReport().findings().size());
    assertThat(InventoryJson.load(out.resolve("inventory.json"))).isEqualTo(ReportFixtures.blogInventory());
  }

  @Test
  void formatPicksReportsAndRemovesStaleOnesFromEarlierRuns() throws Exception {
    Reporters.writeAll(ReportFixtures.blogReport(), out, Set.of());
    List<Path> written = Reporters.writeAll(ReportFixtures.blogReport(), out, Set.of("json", "HTML"));
    assertThat(written).extracting(p -> p.getFileName().toString()).containsExactly("report.html", "findings.json");
    assertThat(filesIn(out)).containsExactly("findings.json", "report.html");
  }

  @Test
  void unrelatedFilesInTheOutputFolderAreLeftAlone() throws Exception {
    Files.writeString(out.resolve("README.md"), "mine");
    Reporters.writeAll(ReportFixtures.blogReport(), out, Set.of("junit"));
    assertThat(filesIn(out)).containsExactly("README.md", "junit.xml");
  }

  @Test
  void unknownFormatIsRejectedBeforeAnythingIsTouched() throws Exception {
    Reporters.writeAll(ReportFixtures.blogReport(), out, Set.of());
    List<String> before = filesIn(out);
    assertThatThrownBy(() -> Reporters.writeAll(ReportFixtures.blogReport(), out, Set.of("html", "pdf")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown --format 'pdf' (expected one or more of html, junit, json, inventory, codequality)");
    assertThat(filesIn(out)).isEqualTo(before);
  }

  @Test
  void noInventoryMeansNoInventoryJsonAndNoStaleOne() throws Exception {
    Reporters.writeAll(ReportFixtures.blogReport(), out, Set.of());
    AuditReport merged = ReportFixtures.report(null, ReportFixtures.findings(Map.of()), 1);
    List<Path> written = Reporters.writeAll(merged, out, Set.of());
    assertThat(written).extracting(p -> p.getFileName().toString()).containsExactly("report.html", "junit.xml", "findings.json");
    assertThat(filesIn(out)).doesNotContain("inventory.json");
  }

  /** The previous run's reports stay as they were, all of them, and nothing of the failed run is left. */
  @Test
  void aFailingReporterLeavesTheFolderAsItWas() throws Exception {
    Reporters.writeAll(ReportFixtures.blogReport(), out, Set.of());
    Map<String, byte[]> before = contents(out);
    AuditReport broken = new AuditReport(null, ReportFixtures.rules(), ReportFixtures.findings(Map.of()), List.of(), null,
        ReportFixtures.blogInventory());
    assertThatThrownBy(() -> Reporters.writeAll(broken, out, Set.of("json", "html"))).isInstanceOf(RuntimeException.class);
    Map<String, byte[]> after = contents(out);
    assertThat(after).containsOnlyKeys(before.keySet());
    before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
  }

  private static Map<String, byte[]> contents(Path dir) throws Exception {
    Map<String, byte[]> m = new java.util.TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) m.put(p.getFileName().toString(), Files.readAllBytes(p));
    }
    return m;
  }

  @Test
  void createsTheOutputFolder() throws Exception {
    Path nested = out.resolve("a/b");
    Reporters.writeAll(ReportFixtures.blogReport(), nested, Set.of("json"));
    assertThat(filesIn(nested)).containsExactly("findings.json");
  }
}
