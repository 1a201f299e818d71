package dev.fargateciaudit.findings;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fargateciaudit.input.AtomicFiles;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.InputFiles;
import dev.fargateciaudit.input.JacksonErrors;
import dev.fargateciaudit.input.Mappers;
import java.io.BufferedOutputStream;
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
        report.rules(), report.findings(), report.collectionErrors(), report.waivers());
  }

  private static Map<String, Long> count(AuditReport r, Function<Finding, String> key, boolean failuresOnly) {
    return r.findings().stream()
        .filter(f -> !failuresOnly || f.status() == Status.FAIL)
        .collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
  }

  /**
   * Writes {@code findings.json} as a stream: the same document as {@link #toDocument} serialised by
   * {@link Mappers#json()}, without building it. Each finding is written field by field (the bulk
   * of a large report); indented up to {@link #INDENTED_UP_TO} findings, compact above, where
   * indentation would add a third to a file of hundreds of megabytes.
   */
  public static void write(AuditReport report, Path file) throws IOException {
    Map<String, Long> byStatus = new TreeMap<>();
    Map<String, Long> bySeverity = new TreeMap<>();
    long[] statusCounts = new long[Status.values().length];
    long[] severityCounts = new long[Severity.values().length];
    for (Finding f : report.findings()) {
      statusCounts[f.status().ordinal()]++;
      if (f.status() == Status.FAIL) severityCounts[f.severity().ordinal()]++;
    }
    for (Status s : Status.values()) if (statusCounts[s.ordinal()] > 0) byStatus.put(s.name(), statusCounts[s.ordinal()]);
    for (Severity s : Severity.values()) if (severityCounts[s.ordinal()] > 0) bySeverity.put(s.label(), severityCounts[s.ordinal()]);
    boolean indent = report.findings().size() <= INDENTED_UP_TO;
    ObjectWriter writer = indent ? Mappers.json().writer() : Mappers.json().writer().without(SerializationFeature.INDENT_OUTPUT);
    AtomicFiles.write(file, raw -> {
      try (JsonGenerator g = Mappers.json().getFactory().createGenerator(new BufferedOutputStream(raw, 1 << 16))) {
        if (indent) g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeNumberField("schemaVersion", FindingsDocument.SCHEMA_VERSION);
        g.writeFieldName("meta");
        writer.writeValue(g, report.meta());
        g.writeFieldName("countsByStatus");
        writer.writeValue(g, byStatus);
        g.writeFieldName("failuresBySeverity");
        writer.writeValue(g, bySeverity);
        g.writeFieldName("rules");
        writer.writeValue(g, report.rules());
        g.writeArrayFieldStart("findings");
        for (Finding f : report.findings()) writeFinding(g, f, writer);
        g.writeEndArray();
        g.writeFieldName("collectionErrors");
        writer.writeValue(g, report.collectionErrors());
        g.writeFieldName("waivers");
        writer.writeValue(g, report.waivers());
        g.writeEndObject();
      }
    });
  }

  /** Findings above which {@code findings.json} is written without indentation. */
  public static final int INDENTED_UP_TO = 10_000;

  /** One finding as Jackson would write the record: declared order, nulls left out. */
  private static void writeFinding(JsonGenerator g, Finding f, ObjectWriter writer) throws IOException {
    g.writeStartObject();
    stringField(g, "ruleId", f.ruleId());
    stringField(g, "title", f.title());
    stringField(g, "area", f.area());
    if (f.severity() != null) g.writeStringField("severity", f.severity().label());
    if (f.status() != null) g.writeStringField("status", f.status().name());
    ResourceRef r = f.resource();
    if (r != null) {
      g.writeObjectFieldStart("resource");
      stringField(g, "id", r.id());
      stringField(g, "type", r.type());
      stringField(g, "name", r.name());
      stringField(g, "account", r.account());
      stringField(g, "region", r.region());
      g.writeEndObject();
    }
    stringField(g, "message", f.message());
    g.writeObjectFieldStart("evidence");
    for (Map.Entry<String, String> e : f.evidence().entrySet()) {
      if (e.getValue() != null) g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    stringField(g, "remediation", f.remediation());
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

  private static void stringField(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) g.writeStringField(name, value);
  }

  public static FindingsDocument read(Path file) {
    String name = file.toString();
    try {
      FindingsDocument doc = Mappers.json().readValue(InputFiles.readAllBytes(file), FindingsDocument.class);
      if (doc.schemaVersion() != FindingsDocument.SCHEMA_VERSION) {
        throw new BadInputException(name, 1, 1, "unsupported findings schemaVersion " + doc.schemaVersion());
      }
      return doc;
    } catch (JacksonException e) {
      throw JacksonErrors.toBadInput(name, e);
    } catch (IOException e) {
      throw new BadInputException(name, 0, 0, "cannot read: " + e.getMessage());
    }
  }
}
