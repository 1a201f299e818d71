package dev.fargateciaudit.report;

import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.FindingKey;
import dev.fargateciaudit.findings.ResourceRef;
import dev.fargateciaudit.findings.RuleInfo;
import dev.fargateciaudit.findings.Severity;
import dev.fargateciaudit.findings.Status;
import dev.fargateciaudit.output.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code junit.xml} for GitLab's {@code artifacts:reports:junit}: one {@code testsuite} per area and
 * one {@code testcase} per finding (passing ones included, so GitLab can show fixed failures), up to
 * {@link #MAX_CASES} testcases.
 *
 * <ul>
 *   <li>{@code classname} is {@code area.RULE-ID}; {@code name} is the rule id and the resource, stable
 *       across runs and unique within the file (GitLab keeps only the first of equal name+classname).
 *   <li>FAIL is {@code <failure type=SEVERITY>}, ERROR is {@code <error>}, WAIVED and NOT_APPLICABLE
 *       are {@code <skipped>}; the suite's count attributes equal its children. A FAIL that is
 *       advice ({@code low} or {@code info}, the severity policy's advice class) is a
 *       {@code <skipped message="advice (SEVERITY): ...">}: a reviewer still sees it, and the
 *       pipeline's Tests tab of a correct estate is not red with it (Code Quality keeps it with its
 *       severity).
 *   <li>Bounded: when there are more findings than {@link #MAX_CASES}, the slots go first to FAIL, then
 *       ERROR, WAIVED, NOT_APPLICABLE and last PASS findings; within a status every rule gets the same
 *       number of slots (a rule that needs fewer leaves the rest to the others), and each rule lists
 *       its first findings of that status in report order. What does not fit becomes one testcase per
 *       rule and status, {@code RULE-ID (other failing resources)} and the like, whose message (or
 *       {@code system-out}, for passes) says how many findings it stands for ({@link Overflow}).
 *   <li>Valid XML 1.0 for any content: illegal and hidden characters are shown as <code>&#92;u{XXXX}</code>
 *       ({@link UntrustedText}), markup is escaped by the StAX writer, names and messages are cut.
 *   <li>Stays under GitLab's 30 MB: the detail given to each testcase shrinks with the bytes left per
 *       testcase still to write ({@link Detail}): full body, then a short message, then the bare
 *       element. The full detail is always in {@code findings.json}.
 * </ul>
 */
public final class JunitReporter implements Reporter {
  static final int MAX_NAME = 255;
  static final int MAX_MESSAGE = 1000;
  static final int MAX_BODY = 8000;
  /**
   * Testcases listed one per finding. Keeps the file far below GitLab's limits: 30 MB, 500,000
   * testcases on GitLab.com, and the 250,000 XML elements some GitLab versions parse (17.6.1: "XML
   * exceeds permitted complexity"); at most about 2 elements per testcase.
   */
  static final int MAX_CASES = 50_000;
  /** What we aim to stay under, leaving room below GitLab's 30 MB for names we never shorten. */
  static final long BUDGET_BYTES = 27L * 1024 * 1024;

  /** The order in which statuses get testcase slots, most important first. */
  private static final Status[] PRIORITY = {
    Status.FAIL, Status.ERROR, Status.WAIVED, Status.NOT_APPLICABLE, Status.PASS};

  /** How much a non-passing testcase says, chosen from the bytes left per testcase still to write. */
  enum Detail {
    /** message attribute and a body with evidence and remediation */
    FULL(MAX_MESSAGE),
    /** a message of at most 200 characters, no body */
    SHORT(200),
    /** a message of at most 60 characters */
    MINIMAL(60);

    final int maxMessage;

    Detail(int maxMessage) {
      this.maxMessage = maxMessage;
    }

    static Detail forBudget(long bytesLeft, long casesLeft) {
      long perCase = bytesLeft / Math.max(1, casesLeft);
      return perCase > 1500 ? FULL : perCase > 450 ? SHORT : MINIMAL;
    }
  }

  private final int maxCases;

  public JunitReporter() {
    this(MAX_CASES);
  }

  /** @param maxCases testcases listed one per finding before the rest are grouped (tests use small values) */
  JunitReporter(int maxCases) {
    this.maxCases = maxCases;
  }

  @Override
  public String format() {
    return "junit";
  }

  @Override
  public String fileName() {
    return "junit.xml";
  }

  private record Counts(int tests, int failures, int errors, int skipped) {
    Counts add(Status s, boolean advice, int n) {
      boolean failure = s == Status.FAIL && !advice;
      return new Counts(tests + n, failures + (failure ? n : 0), errors + (s == Status.ERROR ? n : 0),
          skipped + (s == Status.WAIVED || s == Status.NOT_APPLICABLE || (s == Status.FAIL && advice) ? n : 0));
    }

    Counts plus(Counts o) {
      return new Counts(tests + o.tests, failures + o.failures, errors + o.errors, skipped + o.skipped);
    }
  }

  /** One rule's findings in one area, in report order, with how many of each status there are. */
  private static final class RuleGroup {
    final String ruleId;
    final List<Finding> findings = new ArrayList<>();
    final int[] byStatus = new int[Status.values().length];
    /** The rule's failures are advice: {@link #advice}. */
    boolean advice;

    RuleGroup(String ruleId) {
      this.ruleId = ruleId;
    }
  }

  /** The findings of one rule and status that did not get a testcase of their own. */
  record Overflow(String ruleId, Status status, boolean advice, int count) {}

  /** A failure of this severity is advice, below every gate but {@code --fail-on low}: the severity policy's advice class. */
  static boolean advice(Severity s) {
    return s == Severity.LOW || s == Severity.INFO;
  }

  @Override
  public AtomicFiles.Written write(AuditReport report, Path outDir) throws IOException {
    Map<String, RuleInfo> rules = new HashMap<>();
    for (RuleInfo r : report.rules()) rules.putIfAbsent(r.id(), r);
    Map<String, Map<String, RuleGroup>> byArea = new TreeMap<>();
    for (Finding f : report.findings()) {
      RuleGroup g = byArea.computeIfAbsent(area(f), k -> new LinkedHashMap<>())
          .computeIfAbsent(f.ruleId(), RuleGroup::new);
      g.findings.add(f);
      g.byStatus[f.status().ordinal()]++;
      g.advice = f.severity() != null && advice(f.severity());
    }
    int[] listed = slots(byArea, maxCases);
    Map<String, Counts> counts = new TreeMap<>();
    Counts total = new Counts(0, 0, 0, 0);
    for (Map.Entry<String, Map<String, RuleGroup>> e : byArea.entrySet()) {
      Counts c = new Counts(0, 0, 0, 0);
      for (RuleGroup g : e.getValue().values()) {
        for (Status s : PRIORITY) {
          int n = g.byStatus[s.ordinal()];
          c = c.add(s, g.advice, Math.min(n, listed[s.ordinal()]) + (n > listed[s.ordinal()] ? 1 : 0));
        }
      }
      total = total.plus(c);
      counts.put(e.getKey(), c);
    }
    // The baseline's failures this run fixed: a suite of passing testcases, so the pipeline's Tests tab lists them.
    List<Finding> fixed = report.baseline() == null ? List.of()
        : report.baseline().fixed().stream().limit(MAX_FIXED_CASES).toList();
    total = total.plus(new Counts(fixed.size(), 0, 0, 0));
    final Counts all = total;
    return AtomicFiles.write(outDir.resolve(fileName()), raw -> {
      CountingStream out = new CountingStream(raw);
      try {
        XMLStreamWriter w = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
        w.writeStartDocument("UTF-8", "1.0");
        w.writeCharacters("\n");
        w.writeStartElement("testsuites");
        w.writeAttribute("name", "fargate-ci-audit");
        w.writeAttribute("tests", Integer.toString(all.tests()));
        w.writeAttribute("failures", Integer.toString(all.failures()));
        w.writeAttribute("errors", Integer.toString(all.errors()));
        w.writeAttribute("time", "0");
        TestcaseNames seen = new TestcaseNames();
        long casesLeft = all.tests();
        for (Map.Entry<String, Map<String, RuleGroup>> e : byArea.entrySet()) {
          w.writeCharacters("\n");
          w.writeStartElement("testsuite");
          w.writeAttribute("name", attr(e.getKey(), MAX_NAME));
          countAttributes(w, counts.get(e.getKey()));
          w.writeAttribute("time", "0");
          if (report.meta() != null && report.meta().generatedAt() != null) {
            w.writeAttribute("timestamp", report.meta().generatedAt().toString());
          }
          for (RuleGroup g : e.getValue().values()) {
            int[] written = new int[Status.values().length];
            RuleInfo rule = rules.get(g.ruleId);
            String classname = attr(e.getKey() + "." + g.ruleId, MAX_NAME);
            // Stop at the last finding with a testcase of its own, not after every pass of a large rule.
            int toWrite = 0;
            for (Status s : Status.values()) toWrite += Math.min(g.byStatus[s.ordinal()], listed[s.ordinal()]);
            for (Finding f : g.findings) {
              if (toWrite == 0) break;
              int s = f.status().ordinal();
              if (written[s] >= listed[s]) continue;
              written[s]++;
              toWrite--;
              w.flush();
              testcase(w, f, rule, classname, seen, Detail.forBudget(BUDGET_BYTES - out.count(), casesLeft--));
            }
            for (Status s : PRIORITY) {
              int n = g.byStatus[s.ordinal()];
              if (n > listed[s.ordinal()]) {
                overflowCase(w, new Overflow(g.ruleId, s, g.advice, n - listed[s.ordinal()]), classname, seen);
                casesLeft--;
              }
            }
          }
          w.writeCharacters("\n");
          w.writeEndElement();
        }
        if (!fixed.isEmpty()) fixedSuite(w, fixed, report.meta().inputs().baseline(), seen);
        w.writeCharacters("\n");
        w.writeEndElement();
        w.writeCharacters("\n");
        w.writeEndDocument();
        w.flush();
        w.close();
        out.finish();
      } catch (XMLStreamException e) {
        if (e.getCause() instanceof IOException io) throw io;
        throw new IOException("junit.xml could not be written: " + e.getMessage(), e);
      }
    });
  }

  /**
   * How many findings of each status (by ordinal) a rule lists as testcases of their own: statuses
   * in {@link #PRIORITY} order share {@code maxCases}; within a status the slots are spread evenly
   * over the rules (water-filling), so one noisy rule cannot crowd out the others.
   */
  private static int[] slots(Map<String, Map<String, RuleGroup>> byArea, int maxCases) {
    int[] listed = new int[Status.values().length];
    long left = maxCases;
    for (Status s : PRIORITY) {
      List<Integer> perRule = new ArrayList<>();
      for (Map<String, RuleGroup> area : byArea.values()) {
        for (RuleGroup g : area.values()) {
          if (g.byStatus[s.ordinal()] > 0) perRule.add(g.byStatus[s.ordinal()]);
        }
      }
      int level = level(perRule, left);
      listed[s.ordinal()] = level;
      for (int n : perRule) left -= Math.min(n, level);
    }
    return listed;
  }

  /**
   * The largest per-rule cap {@code k} with {@code sum(min(n, k)) <= slots} (every rule gets {@code k}
   * testcases or all it has); {@link Integer#MAX_VALUE} when everything fits.
   */
  static int level(List<Integer> perRule, long slots) {
    long sum = 0;
    for (int n : perRule) sum += n;
    if (sum <= slots) return Integer.MAX_VALUE;
    List<Integer> sorted = new ArrayList<>(perRule);
    sorted.sort(null);
    long left = slots;
    int m = sorted.size();
    for (int i = 0; i < m; i++) {
      long n = sorted.get(i);
      if (n * (m - i) <= left) {
        left -= n;
      } else {
        return (int) (left / (m - i));
      }
    }
    return Integer.MAX_VALUE;
  }

  /** One testcase for the findings of a rule and status that are not listed one by one, under its rule's {@code classname}. */
  private static void overflowCase(XMLStreamWriter w, Overflow o, String classname, TestcaseNames seen)
      throws XMLStreamException {
    String word = switch (o.status()) {
      case FAIL -> "failing";
      case ERROR -> "unevaluated";
      case WAIVED -> "waived";
      case NOT_APPLICABLE -> "not-applicable";
      case PASS -> "passing";
    };
    String name = seen.unique(classname, nz(o.ruleId()) + " (other " + word + " resources)");
    String what = String.format(java.util.Locale.ROOT, "%,d more %s %s not listed one by one (see findings.json)",
        o.count(), o.count() == 1 ? "resource" : "resources", switch (o.status()) {
          case FAIL -> "fail";
          case ERROR -> "could not be evaluated";
          case WAIVED -> "are waived";
          case NOT_APPLICABLE -> "are not applicable";
          case PASS -> "pass";
        });
    w.writeCharacters("\n  ");
    w.writeStartElement("testcase");
    w.writeAttribute("classname", classname);
    w.writeAttribute("name", name);
    w.writeAttribute("time", "0");
    switch (o.status()) {
      case FAIL, ERROR -> {
        if (o.advice() && o.status() == Status.FAIL) {
          w.writeEmptyElement("skipped");
          w.writeAttribute("message", "advice: " + what);
          break;
        }
        w.writeEmptyElement(o.status() == Status.FAIL ? "failure" : "error");
        w.writeAttribute("message", what);
        w.writeAttribute("type", o.status() == Status.FAIL ? "OVERFLOW" : "ERROR");
      }
      case WAIVED, NOT_APPLICABLE -> {
        w.writeEmptyElement("skipped");
        w.writeAttribute("message", what);
      }
      case PASS -> {
        w.writeStartElement("system-out");
        w.writeCharacters(what);
        w.writeEndElement();
      }
    }
    w.writeEndElement();
  }

  /** One finding's testcase; {@code classname} is its rule's ({@code area.RULE-ID}, as {@link #attr} gives it). */
  private static void testcase(XMLStreamWriter w, Finding f, RuleInfo rule, String classname, TestcaseNames seen,
      Detail detail) throws XMLStreamException {
    String name = seen.unique(classname, caseName(f));
    w.writeCharacters("\n  ");
    boolean advice = f.status() == Status.FAIL && f.severity() != null && advice(f.severity());
    boolean empty = f.status() == Status.PASS;
    if (empty) {
      w.writeEmptyElement("testcase");
    } else {
      w.writeStartElement("testcase");
    }
    w.writeAttribute("classname", classname);
    w.writeAttribute("name", name);
    w.writeAttribute("time", "0");
    if (empty) return;
    switch (f.status()) {
      case FAIL -> {
        if (advice) {
          w.writeEmptyElement("skipped");
          w.writeAttribute("message", attr("advice (" + f.severity().label() + "): " + nz(f.message()), detail.maxMessage));
          break;
        }
        w.writeStartElement("failure");
        w.writeAttribute("message", attr(f.message(), detail.maxMessage));
        w.writeAttribute("type", f.severity().name());
        if (detail == Detail.FULL) w.writeCharacters(body(f, rule));
        w.writeEndElement();
      }
      case ERROR -> {
        w.writeStartElement("error");
        w.writeAttribute("message", attr(f.message(), detail.maxMessage));
        w.writeAttribute("type", "ERROR");
        if (detail == Detail.FULL) w.writeCharacters(body(f, null));
        w.writeEndElement();
      }
      case WAIVED -> {
        w.writeEmptyElement("skipped");
        var wv = f.waiver();
        String why = wv == null ? "waived" : "waived: " + nz(wv.reason()) + " (approved by " + nz(wv.approvedBy())
            + ", expires " + (wv.expires() == null ? "never" : wv.expires()) + ")";
        w.writeAttribute("message", attr(why, detail.maxMessage));
      }
      case NOT_APPLICABLE -> {
        w.writeEmptyElement("skipped");
        w.writeAttribute("message", attr("not applicable: " + nz(f.message()), detail.maxMessage));
      }
      default -> { }
    }
    w.writeEndElement();
  }

  /** Fixed findings listed as testcases; the rest are in findings.json's baseline comparison. */
  static final int MAX_FIXED_CASES = 1_000;

  /** Suite {@code fixed since baseline}: one passing testcase per fixed finding, its system-out saying what it was. */
  private static void fixedSuite(XMLStreamWriter w, List<Finding> fixed, String baseline, TestcaseNames seen)
      throws XMLStreamException {
    w.writeCharacters("\n");
    w.writeStartElement("testsuite");
    w.writeAttribute("name", "fixed since baseline");
    countAttributes(w, new Counts(fixed.size(), 0, 0, 0));
    w.writeAttribute("time", "0");
    for (Finding f : fixed) {
      String classname = attr("fixed." + f.ruleId(), MAX_NAME);
      w.writeCharacters("\n  ");
      w.writeStartElement("testcase");
      w.writeAttribute("classname", classname);
      w.writeAttribute("name", seen.unique(classname, caseName(f)));
      w.writeAttribute("time", "0");
      w.writeStartElement("system-out");
      w.writeCharacters(UntrustedText.visible("fixed: failing in the baseline (" + nz(baseline) + "): " + nz(f.message()), MAX_BODY));
      w.writeEndElement();
      w.writeEndElement();
    }
    w.writeCharacters("\n");
    w.writeEndElement();
  }

  /**
   * {@code RULE-ID resource}, plus account and region when the resource id is not an ARN. A task
   * definition is named without its revision: GitLab matches testcases between the base and the
   * merge request's pipelines by name, so a failure carried to a new revision must keep its name
   * (or GitLab shows it as new, and the old one as fixed). The body gives the full ARN.
   */
  static String caseName(Finding f) {
    ResourceRef r = f.resource();
    if (r == null || r.id() == null) return nz(f.ruleId()) + " (no resource)";
    // Sized for the whole name, so that it is not copied as it grows: JUnit names every finding.
    StringBuilder b = new StringBuilder(nz(f.ruleId()).length() + r.id().length() + 64).append(nz(f.ruleId())).append(' ');
    b.append(FindingKey.withoutRevision(r.id()));
    if (!r.id().startsWith("arn:") && (r.account() != null || r.region() != null)) {
      b.append(" [").append(nz(r.account()));
      if (r.region() != null) b.append(r.account() == null ? "" : " ").append(r.region());
      b.append(']');
    }
    return b.toString();
  }

  /**
   * The testcase names given so far in one file, by classname, so that every (classname, name) pair
   * is distinct and stable: {@link #unique} cuts a long name keeping a hash of the whole, and numbers
   * a repeat with the first free {@code " #2"}, {@code " #3"}, ... The repeats are many (every
   * revision of a task-definition family has the family's name), so the next number to try is kept
   * with each name: the n-th repeat costs one lookup, not n. The numbers below it are all taken
   * (names are only ever added), so the names are the same as when counting from 2 each time.
   */
  static final class TestcaseNames {
    /** By classname: every name given, with the number its next repeat tries first. */
    private final Map<String, Map<String, Integer>> given = new HashMap<>();

    String unique(String classname, String raw) {
      String name = oneLine(UntrustedText.visible(raw));
      if (name.length() > MAX_NAME) {
        name = name.substring(0, MAX_NAME - 12).replaceAll("[\\uD800-\\uDBFF]$", "") + "… " + shortHash(name);
      }
      Map<String, Integer> names = given.computeIfAbsent(classname, c -> new HashMap<>());
      Integer next = names.putIfAbsent(name, 2);
      if (next == null) return name;
      int i = next;
      String candidate = name + " #" + i;
      while (names.putIfAbsent(candidate, 2) != null) candidate = name + " #" + ++i;
      names.put(name, i + 1);
      return candidate;
    }
  }

  private static String body(Finding f, RuleInfo rule) {
    StringBuilder b = new StringBuilder();
    b.append(nz(f.message())).append('\n');
    ResourceRef r = f.resource();
    if (r != null) {
      b.append("resource: ").append(nz(r.id()));
      if (r.name() != null && !r.name().equals(r.id())) b.append(" (").append(r.name()).append(')');
      if (r.type() != null) b.append(" ").append(r.type());
      b.append('\n');
    }
    if (!f.evidence().isEmpty()) {
      b.append("evidence:\n");
      f.evidence().forEach((k, v) -> b.append("  ").append(k).append(": ").append(v).append('\n'));
    }
    String remediation = f.remediation() != null ? f.remediation() : rule == null ? null : rule.remediation();
    if (remediation != null && !remediation.isBlank()) b.append("remediation: ").append(remediation).append('\n');
    if (rule != null && !rule.references().isEmpty()) b.append("references: ").append(String.join(" ", rule.references())).append('\n');
    return UntrustedText.visible(b.toString(), MAX_BODY);
  }

  private static void countAttributes(XMLStreamWriter w, Counts c) throws XMLStreamException {
    w.writeAttribute("tests", Integer.toString(c.tests()));
    w.writeAttribute("failures", Integer.toString(c.failures()));
    w.writeAttribute("errors", Integer.toString(c.errors()));
    w.writeAttribute("skipped", Integer.toString(c.skipped()));
  }

  private static String area(Finding f) {
    return f.area() == null || f.area().isBlank() ? "other" : f.area();
  }

  private static String attr(String s, int max) {
    return oneLine(UntrustedText.visible(nz(s), max));
  }

  /** Attribute values lose their line breaks in any XML parser; make that explicit and deterministic. */
  private static String oneLine(String s) {
    return s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
  }

  private static String shortHash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /**
   * Buffers and counts bytes so the writer knows when to stop writing bodies. {@link #flush} only
   * drains the XML writer into the count; the bytes reach the file when the buffer fills and at
   * {@link #finish}. It keeps its own buffer rather than wrapping a {@link java.io.BufferedOutputStream}:
   * the JDK's XML writer hands over UTF-8 one byte per call, and BufferedOutputStream's
   * {@code write(int)} takes a lock each time (once per byte of the file).
   */
  static final class CountingStream extends OutputStream {
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private long count;

    CountingStream(OutputStream out) {
      this.out = out;
    }

    long count() {
      return count;
    }

    @Override
    public void flush() {
    }

    void finish() throws IOException {
      drain();
      out.flush();
    }

    @Override
    public void write(int b) throws IOException {
      if (pos == buf.length) drain();
      buf[pos++] = (byte) b;
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > buf.length - pos) {
        drain();
        if (len > buf.length) {
          out.write(b, off, len);
          count += len;
          return;
        }
      }
      System.arraycopy(b, off, buf, pos, len);
      pos += len;
      count += len;
    }

    private void drain() throws IOException {
      out.write(buf, 0, pos);
      pos = 0;
    }
  }
}
