package dev.fargateciaudit.findings;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.SerializedString;
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
import java.util.HashMap;
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
        Columns encoded = new Columns();
        for (Finding f : report.findings()) writeFinding(g, f, writer, encoded);
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

  private static final SerializableString RULE_ID = new SerializedString("ruleId");
  private static final SerializableString TITLE = new SerializedString("title");
  private static final SerializableString AREA = new SerializedString("area");
  private static final SerializableString SEVERITY = new SerializedString("severity");
  private static final SerializableString STATUS = new SerializedString("status");
  private static final SerializableString RESOURCE = new SerializedString("resource");
  private static final SerializableString ID = new SerializedString("id");
  private static final SerializableString TYPE = new SerializedString("type");
  private static final SerializableString NAME = new SerializedString("name");
  private static final SerializableString ACCOUNT = new SerializedString("account");
  private static final SerializableString REGION = new SerializedString("region");
  private static final SerializableString MESSAGE = new SerializedString("message");
  private static final SerializableString EVIDENCE = new SerializedString("evidence");
  private static final SerializableString REMEDIATION = new SerializedString("remediation");
  private static final SerializableString WAIVER = new SerializedString("waiver");
  private static final SerializableString SOURCE = new SerializedString("source");
  private static final SerializableString IS_NEW = new SerializedString("isNew");

  /**
   * Values that repeat over many findings (a rule's id, title, area and remediation, a status, a
   * resource type, an account, a region), each escaped and UTF-8 encoded once: they are about a
   * third of every finding, and writing pre-encoded bytes skips escaping them a million times. The
   * output is byte for byte what writing the strings gives. At most {@link #MAX} distinct values are
   * kept; others are written as plain strings.
   */
  private static final class Encoded {
    static final int MAX = 4096;
    private final Map<String, SerializableString> values = new HashMap<>();
    /**
     * The last value written and its encoding: findings are sorted by rule, so a rule's id, title
     * and area are the same instances finding after finding, and this spares the map most lookups.
     */
    private String last;
    private SerializableString lastEncoded;

    void field(JsonGenerator g, SerializableString name, String value) throws IOException {
      if (value == null) return;
      g.writeFieldName(name);
      SerializableString v = encoded(value);
      if (v != null) {
        g.writeString(v);
      } else {
        g.writeString(value);
      }
    }

    /**
     * The encoding of {@code value}, or null when {@link #MAX} others are kept already, or when it
     * has surrogates (see {@link #quoted}), which only the generator writes as it would.
     */
    SerializableString encoded(String value) {
      if (value == last) return lastEncoded;
      SerializableString v = values.get(value);
      if (v == null && values.size() < MAX && !hasSurrogate(value)) {
        v = new SerializedString(value);
        values.put(value, v);
      }
      if (v != null) {
        last = value;
        lastEncoded = v;
      }
      return v;
    }
  }

  /** An {@link Encoded} per repeated field, so that each keeps its own last value. */
  private static final class Columns {
    final Encoded ruleId = new Encoded();
    final Encoded title = new Encoded();
    final Encoded area = new Encoded();
    final Encoded severity = new Encoded();
    final Encoded status = new Encoded();
    final Encoded type = new Encoded();
    final Encoded account = new Encoded();
    final Encoded region = new Encoded();
    final Encoded remediation = new Encoded();
    /** Where a default message is put together, grown as needed. */
    byte[] messageBuffer = new byte[256];
  }

  /** One finding as Jackson would write the record: declared order, nulls left out. */
  private static void writeFinding(JsonGenerator g, Finding f, ObjectWriter writer, Columns encoded) throws IOException {
    g.writeStartObject();
    encoded.ruleId.field(g, RULE_ID, f.ruleId());
    encoded.title.field(g, TITLE, f.title());
    encoded.area.field(g, AREA, f.area());
    if (f.severity() != null) encoded.severity.field(g, SEVERITY, f.severity().label());
    if (f.status() != null) encoded.status.field(g, STATUS, f.status().name());
    ResourceRef r = f.resource();
    byte[] name = null;
    if (r != null) {
      g.writeFieldName(RESOURCE);
      g.writeStartObject();
      stringField(g, ID, r.id());
      encoded.type.field(g, TYPE, r.type());
      name = quoted(r.name());
      if (name != null) {
        g.writeFieldName(NAME);
        g.writeRawUTF8String(name, 0, name.length);
      } else {
        stringField(g, NAME, r.name());
      }
      encoded.account.field(g, ACCOUNT, r.account());
      encoded.region.field(g, REGION, r.region());
      g.writeEndObject();
    }
    if (!(f.hasDefaultMessage() && defaultMessage(g, name, f.title(), encoded))) stringField(g, MESSAGE, f.message());
    g.writeFieldName(EVIDENCE);
    g.writeStartObject();
    for (Map.Entry<String, String> e : f.evidence().entrySet()) {
      if (e.getValue() != null) g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    encoded.remediation.field(g, REMEDIATION, f.remediation());
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

  /**
   * {@code value} escaped for JSON and encoded in UTF-8, as the generator writes it between quotes
   * (its escapes are Jackson's defaults, which {@link Mappers#json()} keeps); null for null and for
   * text with surrogates (an emoji), which the generator writes as two escaped UTF-16 units where
   * the encoder writes four bytes of UTF-8: such text is written by the generator, as before.
   */
  private static byte[] quoted(String value) {
    if (value == null || hasSurrogate(value)) return null;
    return JsonStringEncoder.getInstance().quoteAsUTF8(value);
  }

  private static boolean hasSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i))) return true;
    }
    return false;
  }

  /**
   * Writes a pass's default message, {@code <resource name>: <title>} ({@link Finding#message()}),
   * from the name already encoded for the resource and the title's encoding: at scale 100,000 a
   * million passes would otherwise build each message as a string and escape it again, 94 MB of
   * findings.json. Returns false, having written nothing, when either part is not at hand encoded.
   */
  private static boolean defaultMessage(JsonGenerator g, byte[] name, String title, Columns encoded) throws IOException {
    SerializableString t = name == null || title == null ? null : encoded.title.encoded(title);
    if (t == null) return false;
    byte[] titleBytes = t.asQuotedUTF8();
    int length = name.length + SEPARATOR.length + titleBytes.length;
    if (encoded.messageBuffer.length < length) encoded.messageBuffer = new byte[Math.max(length, encoded.messageBuffer.length * 2)];
    byte[] buf = encoded.messageBuffer;
    System.arraycopy(name, 0, buf, 0, name.length);
    System.arraycopy(SEPARATOR, 0, buf, name.length, SEPARATOR.length);
    System.arraycopy(titleBytes, 0, buf, name.length + SEPARATOR.length, titleBytes.length);
    g.writeFieldName(MESSAGE);
    g.writeRawUTF8String(buf, 0, length);
    return true;
  }

  private static final byte[] SEPARATOR = ": ".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private static void stringField(JsonGenerator g, SerializableString name, String value) throws IOException {
    if (value == null) return;
    g.writeFieldName(name);
    g.writeString(value);
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
