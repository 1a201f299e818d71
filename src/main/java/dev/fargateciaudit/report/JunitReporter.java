package dev.fargateciaudit.report;

import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.ResourceRef;
import dev.fargateciaudit.findings.RuleInfo;
import dev.fargateciaudit.findings.Status;
import dev.fargateciaudit.input.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code junit.xml} for GitLab's {@code artifacts:reports:junit}: one {@code testsuite} per area and
 * one {@code testcase} per finding (passing ones included, so GitLab can show fixed failures).
 *
 * <ul>
 *   <li>{@code classname} is {@code area.RULE-ID}; {@code name} is the rule id and the resource, stable
 *       across runs and unique within the file (GitLab keeps only the first of equal name+classname).
 *   <li>FAIL is {@code <failure type=SEVERITY>}, ERROR is {@code <error>}, WAIVED and NOT_APPLICABLE
 *       are {@code <skipped>}; the suite's count attributes equal its children.
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
  /** What we aim to stay under, leaving room below GitLab's 30 MB for names we never shorten. */
  static final long BUDGET_BYTES = 27L * 1024 * 1024;

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

  @Override
  public String format() {
    return "junit";
  }

  @Override
  public String fileName() {
    return "junit.xml";
  }

  private record Counts(int tests, int failures, int errors, int skipped) {
    Counts add(Status s) {
      return new Counts(tests + 1, failures + (s == Status.FAIL ? 1 : 0), errors + (s == Status.ERROR ? 1 : 0),
          skipped + (s == Status.WAIVED || s == Status.NOT_APPLICABLE ? 1 : 0));
    }
  }

  @Override
  public void write(AuditReport report, Path outDir) throws IOException {
    Map<String, RuleInfo> rules = new HashMap<>();
    for (RuleInfo r : report.rules()) rules.putIfAbsent(r.id(), r);
    Map<String, List<Finding>> byArea = new TreeMap<>();
    for (Finding f : report.findings()) byArea.computeIfAbsent(area(f), k -> new ArrayList<>()).add(f);
    Map<String, Counts> counts = new TreeMap<>();
    Counts total = new Counts(0, 0, 0, 0);
    for (Map.Entry<String, List<Finding>> e : byArea.entrySet()) {
      Counts c = new Counts(0, 0, 0, 0);
      for (Finding f : e.getValue()) {
        c = c.add(f.status());
        total = total.add(f.status());
      }
      counts.put(e.getKey(), c);
    }
    final Counts all = total;
    AtomicFiles.write(outDir.resolve(fileName()), raw -> {
      CountingStream out = new CountingStream(new BufferedOutputStream(raw, 1 << 16));
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
        Set<String> seen = new HashSet<>();
        long casesLeft = all.tests();
        for (Map.Entry<String, List<Finding>> e : byArea.entrySet()) {
          w.writeCharacters("\n");
          w.writeStartElement("testsuite");
          w.writeAttribute("name", attr(e.getKey(), MAX_NAME));
          countAttributes(w, counts.get(e.getKey()));
          w.writeAttribute("time", "0");
          if (report.meta() != null && report.meta().generatedAt() != null) {
            w.writeAttribute("timestamp", report.meta().generatedAt().toString());
          }
          for (Finding f : e.getValue()) {
            w.flush();
            testcase(w, f, rules.get(f.ruleId()), e.getKey(), seen, Detail.forBudget(BUDGET_BYTES - out.count(), casesLeft--));
          }
          w.writeCharacters("\n");
          w.writeEndElement();
        }
        w.writeCharacters("\n");
        w.writeEndElement();
        w.writeCharacters("\n");
        w.writeEndDocument();
        w.flush();
        w.close();
        out.flush();
      } catch (XMLStreamException e) {
        throw new IOException("junit.xml could not be written: " + e.getMessage(), e);
      }
    });
  }

  private static void testcase(XMLStreamWriter w, Finding f, RuleInfo rule, String area, Set<String> seen,
      Detail detail) throws XMLStreamException {
    String classname = attr(area + "." + f.ruleId(), MAX_NAME);
    String name = uniqueName(classname, caseName(f), seen);
    w.writeCharacters("\n  ");
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

  /** {@code RULE-ID resource}, plus account and region when the resource id is not an ARN. */
  static String caseName(Finding f) {
    ResourceRef r = f.resource();
    StringBuilder b = new StringBuilder(nz(f.ruleId())).append(' ');
    if (r == null || r.id() == null) return b.append("(no resource)").toString();
    b.append(r.id());
    if (!r.id().startsWith("arn:") && (r.account() != null || r.region() != null)) {
      b.append(" [").append(nz(r.account()));
      if (r.region() != null) b.append(r.account() == null ? "" : " ").append(r.region());
      b.append(']');
    }
    return b.toString();
  }

  /** Cuts long names keeping a hash of the whole, and numbers repeats, so every pair stays distinct and stable. */
  static String uniqueName(String classname, String raw, Set<String> seen) {
    String name = oneLine(UntrustedText.visible(raw));
    if (name.length() > MAX_NAME) {
      name = name.substring(0, MAX_NAME - 12).replaceAll("[\\uD800-\\uDBFF]$", "") + "… " + shortHash(name);
    }
    String candidate = name;
    for (int i = 2; !seen.add(classname + "\u0000" + candidate); i++) candidate = name + " #" + i;
    return candidate;
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

  /** Counts bytes so the writer knows when to stop writing bodies. */
  private static final class CountingStream extends FilterOutputStream {
    private long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    long count() {
      return count;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
