package dev.fargateciaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.FindingsJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.NodeList;

/**
 * Account content that tries to break out of HTML, XML, JSON or the terminal comes out escaped,
 * inert and intact (hidden and XML-illegal characters shown as \\u{XXXX}, everything else verbatim).
 */
class HostileContentTest {
  @TempDir Path out;

  static final Map<String, String> PAYLOADS = new LinkedHashMap<>();

  static {
    PAYLOADS.put("sgName", "sg " + ReportFixtures.SCRIPT);
    PAYLOADS.put("sgDescription", ReportFixtures.IMG);
    PAYLOADS.put("subnetTag", ReportFixtures.BIDI);
    PAYLOADS.put("resourceName", "name " + ReportFixtures.IMG + " " + ReportFixtures.CDATA_END);
    PAYLOADS.put("message", "msg " + ReportFixtures.SCRIPT + ReportFixtures.CONTROL + ReportFixtures.SURROGATES);
    PAYLOADS.put("evidence", ReportFixtures.HUGE + ReportFixtures.CDATA_END + ReportFixtures.BIDI);
    PAYLOADS.put("errorMessage", "denied " + ReportFixtures.SCRIPT + ReportFixtures.CONTROL + ReportFixtures.IMG);
    PAYLOADS.put("waiverReason", "because " + ReportFixtures.IMG + ReportFixtures.SURROGATES + ReportFixtures.BIDI);
  }

  static AuditReport hostileReport() {
    return ReportFixtures.report(ReportFixtures.blogInventory(PAYLOADS), ReportFixtures.findings(PAYLOADS), 1);
  }

  @Test
  void htmlShowsEveryPayloadAsTextAndInjectsNoElement() throws Exception {
    new HtmlReporter().write(hostileReport(), out);
    String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
    Document d = Jsoup.parse(html);

    assertThat(d.select("script, img, iframe, object, embed, [onerror], [onload], [style], [src]")).isEmpty();
    assertThat(d.select("*").stream().flatMap(e -> e.attributes().asList().stream())
        .filter(a -> a.getKey().startsWith("on"))).isEmpty();
    assertThat(d.title()).isEqualTo("fargate-ci-audit report");

    assertThat(ownTexts(d)).contains(
        "sg-0citasks allows tcp/2049 from 0.0.0.0/0",
        UntrustedText.visible(PAYLOADS.get("message")),
        UntrustedText.visible(PAYLOADS.get("evidence")),
        UntrustedText.visible(PAYLOADS.get("errorMessage")),
        UntrustedText.visible(PAYLOADS.get("waiverReason")));
    assertThat(d.select("#by-area .finding b").eachText().get(0)).isNotEmpty();
    String resourceLabel = d.selectFirst("#rule-FCA-EGRESS-001 .finding b.mono").wholeText();
    assertThat(resourceLabel).isEqualTo(UntrustedText.visible(PAYLOADS.get("resourceName")) + " ("
        + ReportFixtures.SUBNET_CI_A_ARN + ")");
    Element sgNode = d.selectFirst("g.node[data-id=sg-0citasks] title");
    assertThat(sgNode.wholeText()).isEqualTo("sg-0citasks — " + UntrustedText.visible(PAYLOADS.get("sgName")));
  }

  @Test
  void visibleTextKeepsMarkupVerbatimAndShowsHiddenCharacters() {
    String shown = UntrustedText.visible(ReportFixtures.SCRIPT + ReportFixtures.CONTROL + ReportFixtures.SURROGATES
        + ReportFixtures.BIDI + ReportFixtures.CDATA_END);
    assertThat(shown).startsWith(ReportFixtures.SCRIPT).endsWith(ReportFixtures.CDATA_END);
    assertThat(shown).contains("ctl\\u{0000}\\u{0001}\\u{0007}\\u{001B}[31mred\\u{001B}[0m\\u{007F}\\u{0085}end",
        "lone-high\\u{D800} lone-low\\u{DC00} pair\uD83D\uDE00", "admin\\u{202E}gpj.exe\\u{202C}\\u{2066}iso\\u{2069}");
    assertThat(shown.chars().filter(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)))
        .isEmpty();
    assertThat(UntrustedText.visible(ReportFixtures.HUGE)).isEqualTo(ReportFixtures.HUGE);
  }

  @Test
  void junitIsValidXmlAndCarriesPayloadsAsText() throws Exception {
    new JunitReporter().write(hostileReport(), out);
    Path file = out.resolve("junit.xml");
    JunitReporterTest.validate(file);
    org.w3c.dom.Document d = JunitReporterTest.parse(file);
    NodeList failures = d.getElementsByTagName("failure");
    String bodies = "";
    String messages = "";
    for (int i = 0; i < failures.getLength(); i++) {
      org.w3c.dom.Element f = (org.w3c.dom.Element) failures.item(i);
      bodies += f.getTextContent() + "\n";
      messages += f.getAttribute("message") + "\n";
    }
    String message = UntrustedText.visible(PAYLOADS.get("message"));
    assertThat(messages).contains(message);
    assertThat(bodies).contains(message, "publicIp: " + UntrustedText.visible(PAYLOADS.get("evidence"), 7000).substring(0, 6000));
    String skipped = ((org.w3c.dom.Element) d.getElementsByTagName("skipped").item(0)).getAttribute("message");
    assertThat(skipped).contains(UntrustedText.visible(PAYLOADS.get("waiverReason")));
    String xml = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(xml).doesNotContain("<script>", "<img", "]]><!--").contains("&lt;script&gt;", "]]&gt;");
  }

  @Test
  void findingsJsonRoundTripsEveryPayloadExactly() throws Exception {
    AuditReport report = hostileReport();
    new JsonReporter().write(report, out);
    var doc = FindingsJson.read(out.resolve("findings.json"));
    Finding egress = doc.findings().stream().filter(f -> f.ruleId().equals("FCA-EGRESS-001") && f.status().name().equals("FAIL"))
        .findFirst().orElseThrow();
    assertThat(egress.message()).isEqualTo(PAYLOADS.get("message"));
    assertThat(egress.evidence().get("publicIp")).isEqualTo(PAYLOADS.get("evidence"));
  }

  @Test
  void terminalSummaryCannotBeRecolouredByAccountText() {
    List<Finding> findings = new java.util.ArrayList<>(ReportFixtures.findings(Map.of()));
    Finding f = findings.get(0);
    findings.set(0, new Finding("FCA-EGRESS-001\u001b[2J", "title \u001b]0;pwned\u0007" + ReportFixtures.BIDI, f.area(),
        f.severity(), f.status(), f.resource(), f.message(), f.evidence(), f.remediation(), null, null, false));
    AuditReport report = ReportFixtures.report(ReportFixtures.blogInventory(), findings, 1);
    StringWriter sw = new StringWriter();
    TerminalSummary.print(report, List.of(), new PrintWriter(sw), false, false);
    assertThat(sw.toString()).doesNotContain("\u001b", "\u0007", "\u202E").contains("\\u{001B}[2J");
  }

  private static Set<String> ownTexts(Document d) {
    return d.select("*").stream().map(Element::wholeOwnText).collect(java.util.stream.Collectors.toSet());
  }
}
