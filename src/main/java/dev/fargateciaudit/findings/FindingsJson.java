package dev.fargateciaudit.findings;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fargateciaudit.output.AtomicFiles;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.InputFiles;
import dev.fargateciaudit.input.InputKind;
import dev.fargateciaudit.input.IoErrors;
import java.io.InputStream;
import dev.fargateciaudit.input.JacksonErrors;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads and writes {@code findings.json}. */
public final class FindingsJson {
  private FindingsJson() {}

  public static FindingsDocument toDocument(AuditReport report) {
    Map<String, Long> byStatus = count(report, f -> f.status().name(), false);
    Map<String, Long> bySeverity = count(report, f -> f.severity().label(), true);
    return new FindingsDocument(FindingsDocument.SCHEMA_VERSION, report.meta(), byStatus, bySeverity,
        report.rules(), report.findings(), report.collectionErrors(), report.scopeGaps(), report.waivers());
  }

  private static Map<String, Long> count(AuditReport r, Function<Finding, String> key, boolean failuresOnly) {
    return r.findings().stream()
        .filter(f -> !failuresOnly || f.status() == Status.FAIL)
        .collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
  }

  /** Findings above which {@code findings.json} is written without indentation (a fifth smaller). */
  public static final int INDENTED_UP_TO = 10_000;

  /**
   * Writes {@code findings.json}: the document of {@link #toDocument}, as the mapper writes it, with
   * the findings (most of the file) written field by field through the generator rather than by
   * the mapper's record serializer, which takes twice as long on them. {@code JsonReporterTest}
   * checks that the bytes are the mapper's.
   */
  public static AtomicFiles.Written write(AuditReport report, Path file) throws IOException {
    FindingsDocument doc = toDocument(report);
    boolean indent = report.findings().size() <= INDENTED_UP_TO;
    ObjectWriter writer = indent ? Mappers.json().writer() : Mappers.json().writer().without(SerializationFeature.INDENT_OUTPUT);
    return AtomicFiles.write(file, out -> {
      try (JsonGenerator g = Mappers.json().getFactory().createGenerator(out)) {
        if (indent) g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeNumberField("schemaVersion", doc.schemaVersion());
        g.writeFieldName("meta");
        writer.writeValue(g, doc.meta());
        g.writeFieldName("countsByStatus");
        writer.writeValue(g, doc.countsByStatus());
        g.writeFieldName("failuresBySeverity");
        writer.writeValue(g, doc.failuresBySeverity());
        g.writeFieldName("rules");
        writer.writeValue(g, doc.rules());
        g.writeArrayFieldStart("findings");
        Text message = new Text();
        for (Finding f : doc.findings()) writeFinding(g, f, writer, message);
        g.writeEndArray();
        g.writeFieldName("collectionErrors");
        writer.writeValue(g, doc.collectionErrors());
        g.writeFieldName("scopeGaps");
        writer.writeValue(g, doc.scopeGaps());
        g.writeFieldName("waivers");
        writer.writeValue(g, doc.waivers());
        g.writeEndObject();
      }
    });
  }

  /** One finding as the mapper writes the record: components in order, nulls left out. */
  private static void writeFinding(JsonGenerator g, Finding f, ObjectWriter writer, Text message) throws IOException {
    g.writeStartObject();
    string(g, "ruleId", f.ruleId());
    string(g, "title", f.title());
    string(g, "area", f.area());
    if (f.severity() != null) g.writeStringField("severity", f.severity().label());
    if (f.status() != null) g.writeStringField("status", f.status().name());
    ResourceRef r = f.resource();
    if (r != null) {
      g.writeObjectFieldStart("resource");
      string(g, "id", r.id());
      string(g, "type", r.type());
      string(g, "name", r.name());
      string(g, "account", r.account());
      string(g, "region", r.region());
      if (!r.scope().isEmpty()) {
        g.writeArrayFieldStart("scope");
        for (String reason : r.scope()) g.writeString(reason);
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    if (f.hasDefaultMessage()) {
      // Most findings are passes: their default message is written from a buffer, not made a string each.
      g.writeFieldName("message");
      message.write(g, f);
    } else {
      string(g, "message", f.message());
    }
    g.writeObjectFieldStart("evidence");
    for (Map.Entry<String, String> e : f.evidence().entrySet()) string(g, e.getKey(), e.getValue());
    g.writeEndObject();
    string(g, "remediation", f.remediation());
    if (f.waiver() != null) {
      g.writeFieldName("waiver");
      writer.writeValue(g, f.waiver());
    }
    if (f.source() != null) {
      g.writeFieldName("source");
      writer.writeValue(g, f.source());
    }
    g.writeBooleanField("isNew", f.isNew());
    g.writeEndObject();
  }

  private static void string(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) g.writeStringField(name, value);
  }

  /** A buffer reused for the message of each finding ({@link Finding#appendMessage}). */
  private static final class Text {
    private final StringBuilder text = new StringBuilder();
    private char[] chars = new char[256];

    void write(JsonGenerator g, Finding f) throws IOException {
      text.setLength(0);
      f.appendMessage(text);
      if (chars.length < text.length()) chars = new char[Math.max(text.length(), 2 * chars.length)];
      text.getChars(0, text.length(), chars, 0);
      g.writeString(chars, 0, text.length());
    }
  }

  public static FindingsDocument read(Path file) {
    String name = file.toString();
    try {
      FindingsDocument doc;
      try (InputStream in = InputFiles.open(file, name, InputKind.FINDINGS)) {
        doc = Mappers.json().readValue(in, FindingsDocument.class);
      }
      if (doc.schemaVersion() != FindingsDocument.SCHEMA_VERSION) {
        throw new BadInputException(name, 1, 1, "unsupported findings schemaVersion " + doc.schemaVersion());
      }
      return doc;
    } catch (JacksonException e) {
      throw JacksonErrors.toBadInput(name, e);
    } catch (IOException e) {
      throw new BadInputException(name, 0, 0, "cannot read: " + IoErrors.describe(e));
    }
  }
}
