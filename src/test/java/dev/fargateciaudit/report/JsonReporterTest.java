package dev.fargateciaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.FindingsJson;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fargateciaudit.input.Mappers;
import dev.fargateciaudit.inventory.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streamed {@code findings.json} is the {@code FindingsDocument} contract, byte for byte as Jackson writes it. */
class JsonReporterTest {
  @TempDir Path out;

  private void assertSameAsTheDocument(AuditReport report) throws Exception {
    new JsonReporter().write(report, out);
    Path file = out.resolve("findings.json");
    var expected = Mappers.json().valueToTree(FindingsJson.toDocument(report));
    assertThat(Mappers.json().readTree(file.toFile()).equals(expected)).as("same JSON as the document").isTrue();
  }

  @Test
  void smallReportIsTheIndentedDocument() throws Exception {
    List<Finding> findings = new ArrayList<>(ReportFixtures.findings(Map.of()));
    Finding f = findings.get(0);
    Map<String, String> withNull = new java.util.HashMap<>(f.evidence());
    withNull.put("nothing", null);
    findings.set(0, new Finding(f.ruleId(), f.title(), f.area(), f.severity(), f.status(), f.resource(), f.message(),
        withNull, f.remediation(), null, Source.planned("planned/td.json", "/containerDefinitions/0"), true));
    AuditReport report = ReportFixtures.report(ReportFixtures.blogInventory(), findings, 1);
    assertSameAsTheDocument(report);
    assertSameAsTheDocument(ReportFixtures.blogReport());
    assertThat(FindingsJson.read(out.resolve("findings.json"))).isEqualTo(FindingsJson.toDocument(ReportFixtures.blogReport()));
    assertThat(Files.readString(out.resolve("findings.json"))).contains("\n  \"meta\" : {");
  }

  @Test
  void largeReportIsCompactAndComplete() throws Exception {
    AuditReport report = LargeReports.generate(FindingsJson.INDENTED_UP_TO + 1, 0.1, 3);
    assertSameAsTheDocument(report);
    assertThat(Files.readString(out.resolve("findings.json"))).doesNotContain("\n").contains("{\"schemaVersion\":1,\"meta\":{");
  }

  @Test
  void largeReportIsByteForByteWhatJacksonWritesOfTheDocument() throws Exception {
    AuditReport report = LargeReports.generate(FindingsJson.INDENTED_UP_TO + 1, 0.1, 5);
    new JsonReporter().write(report, out);
    byte[] expected = Mappers.json().writer().without(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsBytes(FindingsJson.toDocument(report));
    assertThat(Files.readAllBytes(out.resolve("findings.json"))).isEqualTo(expected);
  }
}
