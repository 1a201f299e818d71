package dev.fargateciaudit.findings;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fargateciaudit.output.AtomicFiles;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.InputFiles;
import dev.fargateciaudit.input.JacksonErrors;
import dev.fargateciaudit.input.Mappers;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
        EncodedFinding bytes = indent ? null : new EncodedFinding(encoded);
        for (Finding f : report.findings()) {
          if (bytes != null && bytes.encode(f)) {
            g.writeRawValue(bytes);
          } else {
            writeFinding(g, f, writer, encoded);
          }
        }
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

  /**
   * One finding's compact JSON, put together in a buffer from bytes encoded once (field names with
   * their punctuation, and through {@link Columns} the values that repeat) and handed to the generator
   * as one raw value, which still writes the comma before it. At scale 100,000, writing the million
   * findings field by field through the generator took 1.5-1.7 s of one core even when warm, a third
   * of it escaping resource ARNs character by character; here text of printable ASCII without quotes
   * or backslashes, which JSON leaves as it is, is copied as its bytes. The bytes are those
   * {@link #writeFinding} writes ({@code JsonReporterTest} compares them with Jackson's document);
   * a finding {@link #encode} cannot vouch for goes through {@link #writeFinding} instead.
   */
  private static final class EncodedFinding implements SerializableString {
    private static final byte[] RULE_ID = ascii("\"ruleId\":");
    private static final byte[] TITLE = ascii("\"title\":");
    private static final byte[] AREA = ascii("\"area\":");
    private static final byte[] SEVERITY = ascii("\"severity\":");
    private static final byte[] STATUS = ascii("\"status\":");
    private static final byte[] RESOURCE = ascii("\"resource\":{");
    private static final byte[] ID = ascii("\"id\":");
    private static final byte[] TYPE = ascii("\"type\":");
    private static final byte[] NAME = ascii("\"name\":");
    private static final byte[] ACCOUNT = ascii("\"account\":");
    private static final byte[] REGION = ascii("\"region\":");
    private static final byte[] MESSAGE = ascii("\"message\":");
    private static final byte[] EVIDENCE = ascii("\"evidence\":{");
    private static final byte[] REMEDIATION = ascii("\"remediation\":");
    private static final byte[] IS_NEW_TRUE = ascii("\"isNew\":true}");
    private static final byte[] IS_NEW_FALSE = ascii("\"isNew\":false}");

    private final Columns columns;
    private byte[] buf = new byte[2048];
    private int len;
    /** False once no member is written in the object being put together: the next one needs a comma. */
    private boolean first;

    EncodedFinding(Columns columns) {
      this.columns = columns;
    }

    /**
     * Puts {@code f} together; false, leaving the buffer to be overwritten, when it has text with
     * surrogates (which the generator escapes as UTF-16 units), a waiver or a source (written by
     * the mapper), or values beyond what {@link Columns} keeps encoded.
     */
    boolean encode(Finding f) {
      if (f.waiver() != null || f.source() != null) return false;
      len = 0;
      put((byte) '{');
      first = true;
      if (!cached(RULE_ID, columns.ruleId, f.ruleId()) || !cached(TITLE, columns.title, f.title())
          || !cached(AREA, columns.area, f.area())
          || !cached(SEVERITY, columns.severity, f.severity() == null ? null : f.severity().label())
          || !cached(STATUS, columns.status, f.status() == null ? null : f.status().name())) {
        return false;
      }
      ResourceRef r = f.resource();
      int nameFrom = -1;
      int nameTo = -1;
      if (r != null) {
        member(RESOURCE);
        first = true;
        if (!string(ID, r.id()) || !cached(TYPE, columns.type, r.type())) return false;
        if (r.name() != null) {
          if (!string(NAME, r.name())) return false;
          nameFrom = textStart;
          nameTo = len - 1;
        }
        if (!cached(ACCOUNT, columns.account, r.account()) || !cached(REGION, columns.region, r.region())) return false;
        put((byte) '}');
        first = false;
      }
      if (f.hasDefaultMessage() && nameFrom >= 0 && f.title() != null) {
        // name: title, from the name just written and the title's encoding (see defaultMessage).
        SerializableString title = columns.title.encoded(f.title());
        if (title == null) return false;
        byte[] t = title.asQuotedUTF8();
        member(MESSAGE);
        int nameLength = nameTo - nameFrom;
        ensure(nameLength + SEPARATOR.length + t.length + 2);
        buf[len++] = '"';
        System.arraycopy(buf, nameFrom, buf, len, nameLength);
        len += nameLength;
        put(SEPARATOR);
        put(t);
        put((byte) '"');
      } else if (!string(MESSAGE, f.message())) {
        return false;
      }
      member(EVIDENCE);
      first = true;
      for (Map.Entry<String, String> e : f.evidence().entrySet()) {
        if (e.getValue() == null) continue;
        if (!first) put((byte) ',');
        first = false;
        if (!text(e.getKey())) return false;
        put((byte) ':');
        if (!text(e.getValue())) return false;
      }
      put((byte) '}');
      first = false;
      if (!cached(REMEDIATION, columns.remediation, f.remediation())) return false;
      put((byte) ',');
      put(f.isNew() ? IS_NEW_TRUE : IS_NEW_FALSE);
      return true;
    }

    /** Where the text of the last string put starts, after its opening quote. */
    private int textStart;

    private void member(byte[] nameAndColon) {
      if (!first) put((byte) ',');
      first = false;
      put(nameAndColon);
    }

    /** A member whose value repeats over findings, from its cached encoding; true for null (left out). */
    private boolean cached(byte[] name, Encoded column, String value) {
      if (value == null) return true;
      SerializableString v = column.encoded(value);
      if (v == null) return string(name, value);
      member(name);
      putQuoted(v.asQuotedUTF8());
      return true;
    }

    /** A member with a string value; true for null (left out), false for text with surrogates. */
    private boolean string(byte[] name, String value) {
      if (value == null) return true;
      member(name);
      return text(value);
    }

    /** {@code value} as a JSON string; false for text with surrogates (see {@link FindingsJson#quoted}). */
    @SuppressWarnings("deprecation")
    private boolean text(String value) {
      if (!plain(value)) {
        byte[] escaped = quoted(value);
        if (escaped == null) return false;
        putQuoted(escaped);
        return true;
      }
      int n = value.length();
      ensure(n + 2);
      buf[len++] = '"';
      textStart = len;
      // Every char is ASCII, so its low byte is its UTF-8 encoding (String.getBytes(int, int,
      // byte[], int) copies just that, without a charset encoder or a new array).
      value.getBytes(0, n, buf, len);
      len += n;
      buf[len++] = '"';
      return true;
    }

    /** Text already escaped and encoded, between quotes. */
    private void putQuoted(byte[] escaped) {
      ensure(escaped.length + 2);
      buf[len++] = '"';
      textStart = len;
      System.arraycopy(escaped, 0, buf, len, escaped.length);
      len += escaped.length;
      buf[len++] = '"';
    }

    /** Printable ASCII without {@code "} and {@code \\}: what JSON writes as it is. */
    private static boolean plain(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return false;
      }
      return true;
    }

    private void put(byte b) {
      ensure(1);
      buf[len++] = b;
    }

    private void put(byte[] bytes) {
      ensure(bytes.length);
      System.arraycopy(bytes, 0, buf, len, bytes.length);
      len += bytes.length;
    }

    private void ensure(int more) {
      if (len + more > buf.length) buf = Arrays.copyOf(buf, Math.max(len + more, buf.length * 2));
    }

    private static byte[] ascii(String s) {
      return s.getBytes(StandardCharsets.US_ASCII);
    }

    // What the generator asks of a raw value: its bytes, into its buffer when they fit.

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
      if (len > buffer.length - offset) return -1;
      System.arraycopy(buf, 0, buffer, offset, len);
      return len;
    }

    @Override
    public byte[] asUnquotedUTF8() {
      return Arrays.copyOf(buf, len);
    }

    @Override
    public String getValue() {
      return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    @Override
    public int charLength() {
      return getValue().length();
    }

    @Override
    public char[] asQuotedChars() {
      throw new UnsupportedOperationException();
    }

    @Override
    public byte[] asQuotedUTF8() {
      throw new UnsupportedOperationException();
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int writeQuotedUTF8(java.io.OutputStream out) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int writeUnquotedUTF8(java.io.OutputStream out) throws IOException {
      out.write(buf, 0, len);
      return len;
    }

    @Override
    public int putQuotedUTF8(java.nio.ByteBuffer buffer) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int putUnquotedUTF8(java.nio.ByteBuffer buffer) {
      if (buffer.remaining() < len) return -1;
      buffer.put(buf, 0, len);
      return len;
    }
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
