package dev.fargateciaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.ResourceRef;
import dev.fargateciaudit.findings.Severity;
import dev.fargateciaudit.findings.Status;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitReporterTest {
  @TempDir Path out;

  static Document parse(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(file.toFile());
  }

  static void validate(Path file) throws Exception {
    var schema = SchemaFactory.newDefaultInstance()
        .newSchema(new StreamSource(JunitReporterTest.class.getResource("/junit/junit-10.xsd").toString()));
    schema.newValidator().validate(new StreamSource(file.toFile()));
  }

  static List<Element> elements(Element parent, String tag) {
    List<Element> out = new ArrayList<>();
    NodeList nl = parent.getElementsByTagName(tag);
    for (int i = 0; i < nl.getLength(); i++) out.add((Element) nl.item(i));
    return out;
  }

  private Document write(AuditReport report) throws Exception {
    new JunitReporter().write(report, out);
    Path file = out.resolve("junit.xml");
    validate(file);
    return parse(file);
  }

  /**
   * The stream under the XML writer buffers and counts: whatever mix of single bytes and arrays
   * (empty, exactly the buffer, larger than it) reaches it, the file gets the same bytes in order,
   * the count is every byte handed over, and nothing reaches the file before a full buffer or
   * {@code finish}.
   */
  @Test
  void countingStreamPassesEveryByteInOrderAndCountsThem() throws Exception {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    JunitReporter.CountingStream stream = new JunitReporter.CountingStream(file);
    Random random = new Random(7);
    stream.write('<');
    expected.write('<');
    stream.flush();
    assertThat(file.size()).as("bytes in the file before the buffer is full").isZero();
    for (int len : new int[] {0, 1, 65_535, 1, 65_536, 70_000, 3, 200_000, 17}) {
      byte[] chunk = new byte[len + 4];
      random.nextBytes(chunk);
      stream.write(chunk, 2, len);
      expected.write(chunk, 2, len);
      for (int i = 0; i < len % 5; i++) {
        stream.write(chunk[i]);
        expected.write(chunk[i]);
      }
    }
    assertThat(stream.count()).isEqualTo(expected.size());
    stream.finish();
    assertThat(file.toByteArray()).isEqualTo(expected.toByteArray());
  }

  @Test
  void validAgainstJenkinsJunitSchemaWithCountsEqualToChildren() throws Exception {
    Document d = write(ReportFixtures.blogReport());
    Element root = d.getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("testsuites");
    List<Element> suites = elements(root, "testsuite");
    assertThat(suites).extracting(s -> s.getAttribute("name")).containsExactly("efs", "egress", "iam", "images", "network");
    int total = 0;
    for (Element s : suites) {
      List<Element> cases = elements(s, "testcase");
      assertThat(Integer.parseInt(s.getAttribute("tests"))).isEqualTo(cases.size());
      assertThat(Integer.parseInt(s.getAttribute("failures"))).isEqualTo(elements(s, "failure").size());
      assertThat(Integer.parseInt(s.getAttribute("errors"))).isEqualTo(elements(s, "error").size());
      assertThat(Integer.parseInt(s.getAttribute("skipped"))).isEqualTo(elements(s, "skipped").size());
      total += cases.size();
    }
    assertThat(total).isEqualTo(ReportFixtures.blogReport().findings().size()).isEqualTo(Integer.parseInt(root.getAttribute("tests")));
    assertThat(root.getAttribute("failures")).isEqualTo("4");
    assertThat(root.getAttribute("errors")).isEqualTo("1");
  }

  @Test
  void statusesMapToJunitElementsAsGitlabReadsThem() throws Exception {
    Document d = write(ReportFixtures.blogReport());
    Element sg = caseNamed(d, "FCA-SG-001 sg-0citasks [123456789012 eu-west-2]");
    assertThat(sg.getAttribute("classname")).isEqualTo("network.FCA-SG-001");
    Element failure = elements(sg, "failure").get(0);
    assertThat(failure.getAttribute("type")).isEqualTo("CRITICAL");
    assertThat(failure.getAttribute("message")).isEqualTo("sg-0citasks allows tcp/2049 from 0.0.0.0/0");
    assertThat(failure.getTextContent()).contains("evidence:", "rule: tcp/2049 from 0.0.0.0/0", "remediation: Fix FCA-SG-001");

    Element egressPass = caseNamed(d, "FCA-EGRESS-001 arn:aws:ec2:eu-west-2:123456789012:subnet/subnet-0ci0b");
    assertThat(egressPass.getChildNodes().getLength()).isZero();
    assertThat(egressPass.getAttribute("classname")).isEqualTo("egress.FCA-EGRESS-001");

    // Named without the revision (GitLab pairs testcases across pipelines by name); the body has the ARN.
    Element error = elements(caseNamed(d, "FCA-IMG-001 arn:aws:ecs:eu-west-2:123456789012:task-definition/gitlab-ci"), "error").get(0);
    assertThat(error.getAttribute("message")).contains("AccessDeniedException");
    assertThat(error.getTextContent()).contains("resource: arn:aws:ecs:eu-west-2:123456789012:task-definition/gitlab-ci:3");

    Element waived = elements(caseNamed(d, "FCA-IAM-001 arn:aws:iam::123456789012:role/gitlab-runner"), "skipped").get(0);
    assertThat(waived.getAttribute("message")).isEqualTo(
        "waived: driver needs it until runner 17.x (approved by security@example.org, expires 2027-01-31)");
    Element na = elements(caseNamed(d, "FCA-PUB-001 (no resource)"), "skipped").get(0);
    assertThat(na.getAttribute("message")).startsWith("not applicable");
  }

  /**
   * Advice (a low or info FAIL: the severity policy's advice class) is listed but does not turn the
   * Tests tab red: it is a skipped testcase saying "advice", one by one and grouped alike.
   */
  @Test
  void adviceIsSkippedNotFailed() throws Exception {
    List<Finding> findings = new ArrayList<>(ReportFixtures.findings(Map.of()));
    ResourceRef role = ReportFixtures.ref("arn:aws:iam::123456789012:role/gitlab-runner", "AWS::IAM::Role");
    findings.add(ReportFixtures.finding("FCA-IAM-013", "iam", Severity.INFO, Status.FAIL, role,
        "role gitlab-runner has AWS baseline AmazonSSMManagedInstanceCore", Map.of()));
    for (int i = 0; i < 3; i++) {
      findings.add(ReportFixtures.finding("FCA-PORTS-010", "ports", Severity.LOW, Status.FAIL,
          ReportFixtures.ref("sg-0jobs" + i, "AWS::EC2::SecurityGroup"), "accepts NFS tcp/2049 from 10.44.16.0/20", Map.of()));
    }
    AuditReport report = new AuditReport(ReportFixtures.blogReport().meta(), ReportFixtures.blogReport().rules(), findings,
        List.of(), ReportFixtures.blogReport().waivers(), null);
    Document d = write(report);
    Element root = d.getDocumentElement();
    assertThat(root.getAttribute("failures")).as("the blog fixture's four failures only").isEqualTo("4");
    Element advice = elements(caseNamed(d, "FCA-IAM-013 arn:aws:iam::123456789012:role/gitlab-runner"), "skipped").get(0);
    assertThat(advice.getAttribute("message")).isEqualTo("advice (info): role gitlab-runner has AWS baseline AmazonSSMManagedInstanceCore");
    assertThat(elements(caseNamed(d, "FCA-IAM-013 arn:aws:iam::123456789012:role/gitlab-runner"), "failure")).isEmpty();

    new JunitReporter(1).write(report, out);
    Document grouped = parse(out.resolve("junit.xml"));
    validate(out.resolve("junit.xml"));
    Element rest = caseNamed(grouped, "FCA-PORTS-010 (other failing resources)");
    assertThat(elements(rest, "failure")).isEmpty();
    assertThat(elements(rest, "skipped").get(0).getAttribute("message")).startsWith("advice: ").contains("more resources fail");
  }

  @Test
  void namesAreUniqueStableAndLongOnesAreCut() throws Exception {
    List<Finding> findings = new ArrayList<>(ReportFixtures.findings(Map.of()));
    ResourceRef dup = ReportFixtures.ref("sg-dup", "AWS::EC2::SecurityGroup");
    findings.add(ReportFixtures.finding("FCA-SG-001", "network", Severity.CRITICAL, Status.FAIL, dup, "one", Map.of()));
    findings.add(ReportFixtures.finding("FCA-SG-001", "network", Severity.CRITICAL, Status.PASS, dup, "two", Map.of()));
    String longId = "sg-" + "x".repeat(5000);
    findings.add(ReportFixtures.finding("FCA-SG-001", "network", Severity.CRITICAL, Status.FAIL,
        ReportFixtures.ref(longId + "a", "AWS::EC2::SecurityGroup"), "long a", Map.of()));
    findings.add(ReportFixtures.finding("FCA-SG-001", "network", Severity.CRITICAL, Status.FAIL,
        ReportFixtures.ref(longId + "b", "AWS::EC2::SecurityGroup"), "long b", Map.of()));
    AuditReport report = ReportFixtures.report(ReportFixtures.blogInventory(), findings, 1);
    Document d = write(report);
    Set<String> pairs = new HashSet<>();
    for (Element c : elements(d.getDocumentElement(), "testcase")) {
      assertThat(pairs.add(c.getAttribute("classname") + "|" + c.getAttribute("name"))).as(c.getAttribute("name")).isTrue();
      assertThat(c.getAttribute("name").length()).isLessThanOrEqualTo(JunitReporter.MAX_NAME + 4);
    }
    assertThat(pairs).contains("network.FCA-SG-001|FCA-SG-001 sg-dup [123456789012 eu-west-2]",
        "network.FCA-SG-001|FCA-SG-001 sg-dup [123456789012 eu-west-2] #2");
    byte[] first = Files.readAllBytes(out.resolve("junit.xml"));
    new JunitReporter().write(report, out);
    assertThat(Files.readAllBytes(out.resolve("junit.xml"))).isEqualTo(first);
  }

  @Test
  void aFailureKeepsItsTestcaseNameOnANewRevisionSoGitlabDoesNotCallItNew() {
    String td = "arn:aws:ecs:eu-west-2:123456789012:task-definition/gitlab-ci";
    Finding onRevision7 = ReportFixtures.finding("FCA-PORTS-008", "network", Severity.HIGH, Status.FAIL,
        ReportFixtures.ref(td + ":7#build", "AWS::ECS::TaskDefinition::Container"), "maps tcp/80", Map.of());
    Finding onRevision8 = ReportFixtures.finding("FCA-PORTS-008", "network", Severity.HIGH, Status.FAIL,
        ReportFixtures.ref(td + ":8#build", "AWS::ECS::TaskDefinition::Container"), "maps tcp/80", Map.of());
    assertThat(JunitReporter.caseName(onRevision8)).isEqualTo(JunitReporter.caseName(onRevision7))
        .isEqualTo("FCA-PORTS-008 " + td + "#build");
  }

  @Test
  void repeatedNamesAreNumberedInOrderSkippingNumbersAnotherNameAlreadyHas() {
    JunitReporter.TestcaseNames names = new JunitReporter.TestcaseNames();
    String family = "FCA-PORTS-008 arn:aws:ecs:eu-west-2:123456789012:task-definition/gitlab-ci#build";
    assertThat(names.unique("network.FCA-PORTS-008", family)).isEqualTo(family);
    assertThat(names.unique("network.FCA-PORTS-008", family)).isEqualTo(family + " #2");
    // A resource whose own name is what the third repeat would be called keeps it.
    assertThat(names.unique("network.FCA-PORTS-008", family + " #3")).isEqualTo(family + " #3");
    assertThat(names.unique("network.FCA-PORTS-008", family)).isEqualTo(family + " #4");
    assertThat(names.unique("network.FCA-PORTS-008", family)).isEqualTo(family + " #5");
    assertThat(names.unique("network.FCA-PORTS-008", family + " #3")).isEqualTo(family + " #3 #2");
    // Another classname numbers its own names from the start.
    assertThat(names.unique("network.FCA-PORTS-009", family)).isEqualTo(family);
    assertThat(names.unique("network.FCA-PORTS-009", family)).isEqualTo(family + " #2");
  }

  @Test
  void emptyReportIsStillValid() throws Exception {
    Document d = write(ReportFixtures.report(null, List.of(), 0));
    assertThat(d.getDocumentElement().getAttribute("tests")).isEqualTo("0");
  }

  @Test
  void beyondTheCapEveryFailureIsListedAndPassesAreCountedPerRule() throws Exception {
    AuditReport report = LargeReports.generate(5_000, 0.06, 0.02, 0.02, 3);
    new JunitReporter(1_000).write(report, out);
    Path file = out.resolve("junit.xml");
    validate(file);
    Element root = parse(file).getDocumentElement();
    List<Element> cases = elements(root, "testcase");
    long nonPassing = report.findings().stream().filter(f -> f.status() != Status.PASS).count();
    assertThat(nonPassing).isLessThan(1_000);
    int rules = (int) report.findings().stream().map(Finding::ruleId).distinct().count();
    assertThat(cases.size()).isLessThanOrEqualTo(1_000 + rules);
    Set<String> names = new HashSet<>();
    for (Element c : cases) names.add(c.getAttribute("name"));
    for (Finding f : report.findings()) {
      if (f.status() != Status.PASS) assertThat(names).contains(JunitReporter.caseName(f));
    }
    assertThat(Integer.parseInt(root.getAttribute("failures")))
        .isEqualTo(report.findings().stream().filter(f -> f.status() == Status.FAIL && !JunitReporter.advice(f.severity())).count());
    Map<String, Long> passesByRule = new java.util.TreeMap<>();
    report.findings().stream().filter(f -> f.status() == Status.PASS).forEach(f -> passesByRule.merge(f.ruleId(), 1L, Long::sum));
    for (Map.Entry<String, Long> e : passesByRule.entrySet()) {
      String rule = e.getKey();
      long listed = cases.stream().filter(c -> c.getAttribute("classname").endsWith("." + rule)
          && c.getChildNodes().getLength() == 0).count();
      long grouped = cases.stream().filter(c -> c.getAttribute("name").equals(rule + " (other passing resources)"))
          .map(c -> elements(c, "system-out").get(0).getTextContent())
          .mapToLong(t -> Long.parseLong(t.substring(0, t.indexOf(' ')).replace(",", ""))).sum();
      assertThat(listed).as(rule + " passes listed").isPositive();
      assertThat(listed + grouped).as(rule + " passes listed + grouped").isEqualTo(e.getValue());
    }
    for (Element s : elements(root, "testsuite")) {
      assertThat(Integer.parseInt(s.getAttribute("tests"))).isEqualTo(elements(s, "testcase").size());
      assertThat(Integer.parseInt(s.getAttribute("skipped"))).isEqualTo(elements(s, "skipped").size());
    }
  }

  @Test
  void failuresBeyondTheCapAreGroupedPerRuleWithTheirCount() throws Exception {
    AuditReport report = LargeReports.generate(3_000, 0.9, 0.0, 0.0, 5);
    new JunitReporter(500).write(report, out);
    Path file = out.resolve("junit.xml");
    validate(file);
    Element root = parse(file).getDocumentElement();
    List<Element> failures = elements(root, "failure");
    long failing = report.findings().stream().filter(f -> f.status() == Status.FAIL && !JunitReporter.advice(f.severity())).count();
    long grouped = failures.stream().filter(f -> f.getAttribute("type").equals("OVERFLOW"))
        .mapToLong(f -> Long.parseLong(f.getAttribute("message").substring(0, f.getAttribute("message").indexOf(' '))
            .replace(",", ""))).sum();
    assertThat(failures.size() - failures.stream().filter(f -> f.getAttribute("type").equals("OVERFLOW")).count() + grouped)
        .isEqualTo(failing);
    assertThat(elements(root, "testcase").size()).isLessThanOrEqualTo(500 + 2 * 48);
    assertThat(caseNamed(parse(file), "FCA-EGRESS-000 (other failing resources)").getAttribute("classname"))
        .isEqualTo("egress.FCA-EGRESS-000");
  }

  @Test
  void slotsAreSpreadEvenlyOverRules() {
    assertThat(JunitReporter.level(List.of(10, 20, 30), 100)).isEqualTo(Integer.MAX_VALUE);
    assertThat(JunitReporter.level(List.of(10, 200, 300), 100)).isEqualTo(45);
    assertThat(JunitReporter.level(List.of(100, 100), 0)).isZero();
  }

  static Element caseNamed(Document d, String name) {
    return elements(d.getDocumentElement(), "testcase").stream().filter(e -> e.getAttribute("name").equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no testcase named " + name));
  }
}
