package dev.fargateciaudit.findings;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
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
        for (Finding f : doc.findings()) writeFinding(g, f, writer);
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

  /**
   * The field names of a finding, encoded once: Jackson copies a {@link SerializedString}'s bytes
   * where a {@code String} name is escaped and encoded again for each of the tens of thousands of
   * findings.
   */
  private static final SerializedString RULE_ID = new SerializedString("ruleId");
  private static final SerializedString TITLE = new SerializedString("title");
  private static final SerializedString AREA = new SerializedString("area");
  private static final SerializedString SEVERITY = new SerializedString("severity");
  private static final SerializedString STATUS = new SerializedString("status");
  private static final SerializedString RESOURCE = new SerializedString("resource");
  private static final SerializedString ID = new SerializedString("id");
  private static final SerializedString TYPE = new SerializedString("type");
  private static final SerializedString NAME = new SerializedString("name");
  private static final SerializedString ACCOUNT = new SerializedString("account");
  private static final SerializedString REGION = new SerializedString("region");
  private static final SerializedString SCOPE = new SerializedString("scope");
  private static final SerializedString MESSAGE = new SerializedString("message");
  private static final SerializedString EVIDENCE = new SerializedString("evidence");
  private static final SerializedString REMEDIATION = new SerializedString("remediation");
  private static final SerializedString WAIVER = new SerializedString("waiver");
  private static final SerializedString SOURCE = new SerializedString("source");
  private static final SerializedString IS_NEW = new SerializedString("isNew");

  /** One finding as the mapper writes the record: components in order, nulls left out. */
  private static void writeFinding(JsonGenerator g, Finding f, ObjectWriter writer) throws IOException {
    g.writeStartObject();
    string(g, RULE_ID, f.ruleId());
    string(g, TITLE, f.title());
    string(g, AREA, f.area());
    if (f.severity() != null) string(g, SEVERITY, f.severity().label());
    if (f.status() != null) string(g, STATUS, f.status().name());
    ResourceRef r = f.resource();
    if (r != null) {
      g.writeFieldName(RESOURCE);
      g.writeStartObject();
      string(g, ID, r.id());
      string(g, TYPE, r.type());
      string(g, NAME, r.name());
      string(g, ACCOUNT, r.account());
      string(g, REGION, r.region());
      if (!r.scope().isEmpty()) {
        g.writeFieldName(SCOPE);
        g.writeStartArray();
        for (String reason : r.scope()) g.writeString(reason);
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    string(g, MESSAGE, f.message());
    g.writeFieldName(EVIDENCE);
    g.writeStartObject();
    for (Map.Entry<String, String> e : f.evidence().entrySet()) {
      if (e.getValue() != null) g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    string(g, REMEDIATION, f.remediation());
    if (f.waiver() != null) {
      g.writeFieldName(WAIVER);
      writer.writeValue(g, f.waiver());
    }
    if (f.source() != null) {
      g.writeFieldName(SOURCE);
      writer.writeValue(g, f.source());
    }
    g.writeFieldName(IS_NEW);
    g.writeBoolean(f.isNew());
    g.writeEndObject();
  }

  private static void string(JsonGenerator g, SerializedString name, String value) throws IOException {
    if (value != null) {
      g.writeFieldName(name);
      g.writeString(value);
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
