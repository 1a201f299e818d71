package dev.fargateciaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.findings.AuditReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import javax.xml.parsers.SAXParserFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/** At 100,000 findings, even when nearly all fail, the reports stay within their size and testcase limits and valid. */
class LargeReportIT {
  @TempDir Path out;

  @Test
  void hundredThousandMostlyFailingFindingsStayUnderTheLimits() throws Exception {
    AuditReport report = LargeReports.generate(100_000, 0.9, 7);
    Reporters.writeAll(report, out, Set.of("html", "junit"));
    long html = Files.size(out.resolve("report.html"));
    long junit = Files.size(out.resolve("junit.xml"));
    assertThat(html).as("report.html bytes").isLessThan(50L * 1024 * 1024);
    assertThat(junit).as("junit.xml bytes (GitLab's limit is 30 MB)").isLessThan(30L * 1024 * 1024);

    int[] testcases = {0};
    SAXParserFactory.newDefaultInstance().newSAXParser().parse(out.resolve("junit.xml").toFile(), new DefaultHandler() {
      @Override
      public void startElement(String uri, String local, String qName, Attributes atts) {
        if (qName.equals("testcase")) testcases[0]++;
      }
    });
    assertThat(testcases[0]).as("testcases: the cap plus one grouped testcase per rule and status")
        .isGreaterThanOrEqualTo(JunitReporter.MAX_CASES - 48).isLessThanOrEqualTo(JunitReporter.MAX_CASES + 5 * 48);
    JunitReporterTest.validate(out.resolve("junit.xml"));

    String page = Files.readString(out.resolve("report.html"));
    assertThat(page).contains("more (one line each; full detail in findings.json)");
    assertThat(page).doesNotContain("class=\"finding st-PASS");
  }
}
