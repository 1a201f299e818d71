package dev.fargateciaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.FindingsJson;
import dev.fargateciaudit.findings.ResourceRef;
import dev.fargateciaudit.findings.Severity;
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

  /**
   * Passes whose message is the default one, {@code <resource name>: <title>}, which the writer puts
   * together from the encoded name and title: names that need escaping, that are not ASCII, that are
   * missing, and titles with quotes and with an emoji.
   */
  private static AuditReport passesWithDefaultMessages(int count) {
    AuditReport base = LargeReports.generate(1, 0, 0, 0, 1);
    String[] names = {"ci-tasks", "quote \" and backslash \\ and tab \t", "line\nbreak \u0001 control",
        "caf\u00e9 \u6771\u4eac \ud83d\ude80", "</script><b>", null, ""};
    String[] titles = {"CI images are pinned (no \"latest\" tag)", "Plain title", "Ünïcödé title \u2713",
        "Rocket title \ud83d\ude80"};
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = names[i % names.length];
      findings.add(Finding.pass("FCA-TEST-" + (i % titles.length), titles[i % titles.length], "network",
          dev.fargateciaudit.findings.Severity.HIGH,
          new dev.fargateciaudit.findings.ResourceRef("arn:aws:ec2:eu-west-2:123456789012:security-group/sg-" + i,
              "AWS::EC2::SecurityGroup", name, "123456789012", "eu-west-2"), null));
    }
    return new AuditReport(base.meta(), base.rules(), findings, List.of(), base.waivers(), null);
  }

  @Test
  void defaultPassMessagesAreTheResourceNameAndTheTitle() throws Exception {
    AuditReport small = passesWithDefaultMessages(21);
    assertSameAsTheDocument(small);
    var written = Mappers.json().readTree(out.resolve("findings.json").toFile()).get("findings");
    assertThat(written).hasSize(21);
    java.util.Set<String> messages = new java.util.HashSet<>();
    for (var f : written) {
      var name = f.get("resource").get("name");
      String expected = (name == null ? "null" : name.asText()) + ": " + f.get("title").asText();
      assertThat(f.get("message").asText()).isEqualTo(expected);
      messages.add(f.get("message").asText());
    }
    assertThat(messages).contains("quote \" and backslash \\ and tab \t: Plain title",
        "null: CI images are pinned (no \"latest\" tag)", "caf\u00e9 \u6771\u4eac \ud83d\ude80: Ünïcödé title \u2713");

    AuditReport large = passesWithDefaultMessages(FindingsJson.INDENTED_UP_TO + 7);
    new JsonReporter().write(large, out);
    byte[] expected = Mappers.json().writer().without(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsBytes(FindingsJson.toDocument(large));
    // Compared as text, so that a difference shows where it is; UTF-8 both ways, so equal text is equal bytes.
    assertThat(Files.readString(out.resolve("findings.json"))).isEqualTo(new String(expected, java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * The findings are written field by field: every kind of field and text must come out as the
   * mapper writes the document, small (indented) and large (compact).
   */
  @Test
  void reportsWithEveryKindOfTextAndFieldAreByteForByteWhatTheMapperWrites() throws Exception {
    for (int size : new int[] {60, FindingsJson.INDENTED_UP_TO + 60}) {
      AuditReport report = everyKindOfFinding(size);
      new JsonReporter().write(report, out);
      var writer = size <= FindingsJson.INDENTED_UP_TO ? Mappers.json().writer()
          : Mappers.json().writer().without(SerializationFeature.INDENT_OUTPUT);
      assertThat(Files.readString(out.resolve("findings.json")))
          .isEqualTo(new String(writer.writeValueAsBytes(FindingsJson.toDocument(report)), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static AuditReport everyKindOfFinding(int count) {
    AuditReport base = LargeReports.generate(1, 0, 0, 0, 1);
    String[] texts = {"plain-ascii", "quote \" and backslash \\", "tab \t newline \n bell \u0007 del \u007f",
        "caf\u00e9 \u6771\u4eac", "rocket \ud83d\ude80 lone \ud83d", "</script><b>&amp;", "", null};
    dev.fargateciaudit.findings.Status[] statuses = dev.fargateciaudit.findings.Status.values();
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String t = texts[i % texts.length];
      String u = texts[(i / texts.length) % texts.length];
      Map<String, String> evidence = new java.util.HashMap<>();
      if (i % 3 == 0) evidence.put("rule", t == null ? "x" : t);
      if (i % 5 == 0) evidence.put(u == null ? "k" : "key " + u, null);
      if (i % 7 == 0) evidence.put("k" + i, "tcp/22 from " + u);
      var status = statuses[i % statuses.length];
      var waiver = status == dev.fargateciaudit.findings.Status.WAIVED && i % 2 == 0
          ? new dev.fargateciaudit.findings.AppliedWaiver("FCA-TEST-1", "arn:*", "reason " + t, "sec@example.org",
              java.time.LocalDate.parse("2027-03-01")) : null;
      Source source = i % 11 == 0 ? Source.planned("planned/td-" + u + ".json", "/containerDefinitions/" + i) : null;
      ResourceRef resource = i % 13 == 0 ? null : new ResourceRef(i % 17 == 0 ? null : "arn:aws:ec2:eu-west-2:1:sg/" + t,
          i % 19 == 0 ? null : "AWS::EC2::" + u, t, i % 23 == 0 ? null : "123456789012", i % 29 == 0 ? null : "eu-west-2",
          i % 43 == 0 ? null : i % 2 == 0 ? List.of("security group of CI service " + t) : List.of());
      String title = i % 31 == 0 ? null : "Title " + (i % 40) + (i % 2 == 0 ? " " + u : "");
      String message = status == dev.fargateciaudit.findings.Status.PASS && i % 4 != 0 ? null : "message " + t + " / " + u;
      findings.add(new Finding(i % 37 == 0 ? null : "FCA-TEST-" + (i % 40), title, i % 41 == 0 ? null : "network",
          Severity.values()[i % 4], status, resource, message, evidence,
          i % 3 == 0 ? "remediation " + t : null, waiver, source, i % 2 == 0));
    }
    return new AuditReport(base.meta(), base.rules(), findings, List.of(), base.waivers(), null, null, null,
        count % 2 == 0 ? List.of() : List.of("cluster " + texts[0] + " (ci.clusters) not found in account 123456789012, region eu-west-2"));
  }
}
