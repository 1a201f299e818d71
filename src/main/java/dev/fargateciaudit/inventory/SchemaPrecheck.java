package dev.fargateciaudit.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pre-check of snapshot records, and of the other top-level members ({@code meta},
 * {@code runnerConfig}), against the inventory schema, compiled once from the schema itself. It
 * answers "certainly valid" or "ask the validator": a record it does not pass is validated by
 * networknt, so networknt stays the judge and every error message is networknt's. Why it exists:
 * networknt allocates a path object for every node it visits, and validating every record was the
 * largest cost of a load that this avoids (docs/performance.md).
 *
 * <p>Sound by construction: it understands only the keywords the schema's record definitions use
 * ({@code type}, {@code properties}, {@code additionalProperties}, {@code items}, {@code $ref} into
 * {@code $defs} beside nothing but {@code type}, string {@code enum}s, plain {@code pattern}s,
 * integer {@code minimum} and {@code maximum}, {@code format: date-time}, and annotations), applies
 * each as JSON Schema 2020-12 does or more strictly (a {@code 1.0} is not an integer here, a number
 * outside a bound's reach is not judged, a string with other than printable ASCII is not matched
 * against a pattern), and a list whose item schema uses any other keyword has no pre-check: all its
 * records go to the validator (and likewise a member's schema, or every member's when the
 * document's own schema has a keyword beside {@code type}, {@code properties},
 * {@code additionalProperties}, {@code required} and {@code $defs}). {@code SchemaPrecheckTest}
 * checks that whatever it passes, networknt passes too.
 */
final class SchemaPrecheck {
  /** Keywords that assert nothing about an instance. */
  private static final Set<String> ANNOTATIONS = Set.of(
      "description", "title", "$comment", "examples", "default", "deprecated", "readOnly", "writeOnly");

  private static final int OBJECT = 1, ARRAY = 2, STRING = 4, INTEGER = 8, NUMBER = 16, BOOLEAN = 32, NULL = 64;
  private static final int ANY = -1;
  private static final DateTimeFormatter STRICT_LOCAL_DATE_TIME =
      DateTimeFormatter.ISO_LOCAL_DATE_TIME.withResolverStyle(ResolverStyle.STRICT);
  /** Keywords of the document's own schema that say nothing about a declared member's value ({@code required} is the caller's). */
  private static final Set<String> DOCUMENT_KEYWORDS = Set.of(
      "$schema", "$id", "type", "properties", "additionalProperties", "required", "$defs");
  /** The date-times judged here: RFC 3339's in UTC, {@code 2026-12-01T00:00:00Z}, with at most nine fraction digits. */
  private static final Pattern UTC_DATE_TIME =
      Pattern.compile("([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]{1,9})?)Z");
  /** The pattern syntax whose meaning Java and ECMAScript share on printable ASCII (see {@code pattern}). */
  private static final Pattern PLAIN_PATTERN = Pattern.compile("[\\^$()|\\[\\]{}\\-,.*+?0-9A-Za-z_:]*");

  /**
   * One compiled (sub)schema: what a value must be to be certainly valid. Filled in while its
   * schema is compiled and never changed after (a definition's shape is made before its body is
   * compiled, so a definition that refers to itself refers to this object).
   */
  private static final class Shape {
    /** Anything at all: the schema {@code true}, or no keywords. */
    static final Shape FREE = new Shape();
    /** Nothing: the schema {@code false}. */
    static final Shape NONE = new Shape();

    static {
      // FREE's own members and elements are FREE: set here, as FREE is null while it is constructed.
      FREE.additional = FREE;
      FREE.items = FREE;
      NONE.types = 0;
    }

    /** The kinds a value may be (a mask of {@link #OBJECT} ...). */
    int types = ANY;
    /**
     * {@code $ref}: the definition whose checks apply (this shape then asserts its {@code type}
     * alone: the compiler accepts no other keyword beside a {@code $ref}).
     */
    Shape ref;
    /** {@code properties}: the members with a schema of their own. */
    Map<String, Shape> properties = Map.of();
    /** {@code additionalProperties}: every other member. */
    Shape additional = FREE;
    /** {@code items}: every element. */
    Shape items = FREE;
    /** {@code enum}: the strings allowed, null without an enum. */
    Set<String> strings;
    boolean nullInEnum;
    Pattern pattern;
    /** {@code format: date-time}. */
    boolean dateTime;
    /** {@code minimum} and {@code maximum}, each only when present. */
    boolean hasMinimum, hasMaximum;
    long minimum, maximum;

    Shape member(String name) {
      Shape p = properties.get(name);
      return p != null ? p : additional;
    }

    /**
     * The shape whose checks apply to a value of {@code kind} once this one's {@code $ref}s are
     * followed, or null when a type along the way does not allow it.
     */
    Shape resolve(int kind) {
      Shape s = this;
      while (true) {
        if ((kind & s.types) == 0) return null;
        if (s.ref == null) return s;
        s = s.ref;
      }
    }

    /** The {@code enum} on anything but a string. */
    boolean enumAllows(int kind) {
      return strings == null || kind == NULL && nullInEnum;
    }

    boolean stringPasses(String v) {
      if (strings != null && !strings.contains(v)) return false;
      if (dateTime && !utcDateTime(v)) return false;
      return pattern == null || printableAscii(v) && pattern.matcher(v).find();
    }

    boolean bounded() {
      return hasMinimum || hasMaximum;
    }

    /** Integer bounds judged on integers only: any other number is left to the validator. */
    boolean numberPasses(boolean integral, boolean fitsLong, long value, int signum) {
      if (!bounded()) return true;
      if (!integral) return false;
      // An integer beyond a long is above every long maximum or below every long minimum.
      if (!fitsLong) return signum > 0 ? !hasMaximum : !hasMinimum;
      return (!hasMinimum || value >= minimum) && (!hasMaximum || value <= maximum);
    }

    boolean test(JsonNode n) {
      int kind = kind(n);
      Shape s = resolve(kind);
      if (s == null) return false;
      switch (kind) {
        case STRING -> {
          return s.stringPasses(n.textValue());
        }
        case INTEGER -> {
          boolean fits = n.canConvertToLong();
          return s.enumAllows(kind) && s.numberPasses(true, fits, fits ? n.longValue() : 0, fits ? 0 : n.bigIntegerValue().signum());
        }
        case NUMBER -> {
          return s.enumAllows(kind) && s.numberPasses(false, true, 0, 0);
        }
        case OBJECT -> {
          if (!s.enumAllows(kind)) return false;
          for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!s.member(f.getKey()).test(f.getValue())) return false;
          }
          return true;
        }
        case ARRAY -> {
          if (!s.enumAllows(kind)) return false;
          for (JsonNode e : n) if (!s.items.test(e)) return false;
          return true;
        }
        default -> {
          return s.enumAllows(kind);
        }
      }
    }
  }

  /** The schema has a keyword or a form this class does not understand. */
  private static final class Unsupported extends Exception {
    Unsupported(String what) {
      super(what, null, false, false);
    }
  }

  private final Map<String, Shape> items;
  /** The document's members other than its lists, by name. */
  private final Map<String, Shape> members;

  private SchemaPrecheck(Map<String, Shape> items, Map<String, Shape> members) {
    this.items = items;
    this.members = members;
  }

  /**
   * Compiles the pre-check of every top-level list of {@code schema} (the whole inventory schema);
   * a list whose item schema cannot be compiled gets none.
   */
  static SchemaPrecheck of(JsonNode schema) {
    Map<String, Shape> items = new HashMap<>();
    Map<String, Shape> members = new HashMap<>();
    JsonNode defs = schema.path("$defs");
    boolean plainDocument = plainDocument(schema);
    schema.path("properties").fields().forEachRemaining(p -> {
      JsonNode item = p.getValue().get("items");
      try {
        if (item != null) items.put(p.getKey(), new Compiler(defs).compile(item));
        else if (plainDocument) members.put(p.getKey(), new Compiler(defs).compile(p.getValue()));
      } catch (Unsupported e) {
        // No pre-check for this list or member: networknt validates it.
      }
    });
    return new SchemaPrecheck(Map.copyOf(items), Map.copyOf(members));
  }

  /**
   * True when the document's schema asserts nothing of a member it declares but the member's own
   * schema: it is an object whose keywords are among {@link #DOCUMENT_KEYWORDS} and annotations.
   */
  private static boolean plainDocument(JsonNode schema) {
    if (!schema.path("type").asText().equals("object")) return false;
    for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
      String keyword = it.next();
      if (!DOCUMENT_KEYWORDS.contains(keyword) && !ANNOTATIONS.contains(keyword)) return false;
    }
    return true;
  }

  /**
   * True when {@code value}, the value of the document's member {@code field} (not a list's
   * element), is certainly valid; {@code required} aside.
   */
  boolean passesMember(String field, JsonNode value) {
    Shape s = members.get(field);
    return s != null && s.test(value);
  }

  /** True when the member {@code field} (not a list) has a pre-check. */
  boolean coversMember(String field) {
    return members.containsKey(field);
  }

  /** True when {@code element} of the top-level list {@code field} is certainly valid. */
  boolean passes(String field, JsonNode element) {
    Shape s = items.get(field);
    return s != null && s.test(element);
  }

  /** True when the records of {@code field} have a pre-check. */
  boolean covers(String field) {
    return items.containsKey(field);
  }

  private static int kind(JsonNode n) {
    return switch (n.getNodeType()) {
      case OBJECT -> OBJECT;
      case ARRAY -> ARRAY;
      case STRING -> STRING;
      case BOOLEAN -> BOOLEAN;
      case NULL -> NULL;
      case NUMBER -> n.isIntegralNumber() ? INTEGER : NUMBER;
      default -> 0; // binary, POJO, missing: never certainly valid
    };
  }

  /**
   * A date-time in UTC that is certainly one: a real date and a time of day with no leap second; any
   * other form is left to the validator. networknt takes {@code format} as an annotation by 2020-12's
   * default, but whether it asserts it is a setting, and the pre-check must be sound under either.
   */
  private static boolean utcDateTime(String s) {
    Matcher m = UTC_DATE_TIME.matcher(s);
    if (!m.matches()) return false;
    try {
      return LocalDateTime.parse(m.group(1), STRICT_LOCAL_DATE_TIME).getYear() >= 1;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean printableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) return false;
    }
    return true;
  }

  private static final class Compiler {
    private final JsonNode defs;
    /**
     * The definitions this list's item schema reaches, each compiled once. One table per list: a
     * list that fails to compile takes its table with it, so no other list refers to a half-made
     * definition.
     */
    private final Map<String, Shape> compiled = new HashMap<>();

    Compiler(JsonNode defs) {
      this.defs = defs;
    }

    Shape compile(JsonNode schema) throws Unsupported {
      if (schema.isBoolean()) return schema.booleanValue() ? Shape.FREE : Shape.NONE;
      if (!schema.isObject()) throw new Unsupported("schema is " + schema.getNodeType());
      Shape s = new Shape();
      fill(s, schema);
      return s;
    }

    private void fill(Shape s, JsonNode schema) throws Unsupported {
      for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        String keyword = e.getKey();
        if (schema.has("$ref") && !keyword.equals("$ref") && !keyword.equals("type") && !ANNOTATIONS.contains(keyword)) {
          // Beside a $ref, another keyword would make two shapes apply to one value at once.
          throw new Unsupported("$ref beside " + keyword);
        }
        switch (keyword) {
          case "type" -> s.types = types(v);
          case "properties" -> {
            Map<String, Shape> properties = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> ps = v.fields(); ps.hasNext(); ) {
              Map.Entry<String, JsonNode> p = ps.next();
              properties.put(p.getKey(), compile(p.getValue()));
            }
            s.properties = Map.copyOf(properties);
          }
          case "additionalProperties" -> s.additional = compile(v);
          case "items" -> s.items = compile(v);
          case "$ref" -> s.ref = ref(v);
          case "enum" -> enumeration(s, v);
          case "pattern" -> s.pattern = pattern(v);
          case "format" -> {
            if (!v.isTextual() || !v.textValue().equals("date-time")) throw new Unsupported("format " + v);
            s.dateTime = true;
          }
          case "minimum" -> {
            s.hasMinimum = true;
            s.minimum = bound(v);
          }
          case "maximum" -> {
            s.hasMaximum = true;
            s.maximum = bound(v);
          }
          default -> {
            if (!ANNOTATIONS.contains(keyword)) throw new Unsupported("keyword " + keyword);
          }
        }
      }
    }

    private static int types(JsonNode v) throws Unsupported {
      int mask = 0;
      if (v.isTextual()) return type(v.textValue());
      if (!v.isArray() || v.isEmpty()) throw new Unsupported("type " + v);
      for (JsonNode t : v) {
        if (!t.isTextual()) throw new Unsupported("type " + v);
        mask |= type(t.textValue());
      }
      return mask;
    }

    private static int type(String t) throws Unsupported {
      return switch (t) {
        case "object" -> OBJECT;
        case "array" -> ARRAY;
        case "string" -> STRING;
        case "integer" -> INTEGER;
        case "number" -> INTEGER | NUMBER;
        case "boolean" -> BOOLEAN;
        case "null" -> NULL;
        default -> throw new Unsupported("type " + t);
      };
    }

    private Shape ref(JsonNode v) throws Unsupported {
      String ref = v.isTextual() ? v.textValue() : "";
      if (!ref.startsWith("#/$defs/") || ref.indexOf('/', 8) >= 0 || ref.contains("~") || ref.contains("%")) {
        throw new Unsupported("$ref " + v);
      }
      String name = ref.substring(8);
      Shape seen = compiled.get(name);
      if (seen != null) return seen;
      JsonNode def = defs.get(name);
      if (def == null || !def.isObject()) throw new Unsupported("$ref " + v);
      // Registered before its body is compiled, so a definition that refers to itself gets this shape.
      Shape s = new Shape();
      compiled.put(name, s);
      fill(s, def);
      return s;
    }

    /** Only enums of strings (and null): other values would need JSON Schema's numeric equality. */
    private static void enumeration(Shape s, JsonNode v) throws Unsupported {
      if (!v.isArray()) throw new Unsupported("enum " + v);
      Set<String> strings = new HashSet<>();
      for (JsonNode e : v) {
        if (e.isTextual()) strings.add(e.textValue());
        else if (e.isNull()) s.nullInEnum = true;
        else throw new Unsupported("enum value " + e);
      }
      s.strings = Set.copyOf(strings);
    }

    /**
     * A pattern is searched, not anchored. Java's regular expressions and the ECMAScript ones JSON
     * Schema means differ at the edges (Java's {@code $} also matches before a final line
     * terminator, so {@code "tcp\n"} matches {@code ^tcp$} in Java and not for networknt), so only
     * patterns of plain syntax (no escapes, no flags, no look-around) are compiled, and only strings
     * of printable ASCII are judged, where the two agree; any other string goes to the validator.
     */
    private static Pattern pattern(JsonNode v) throws Unsupported {
      if (!v.isTextual() || !PLAIN_PATTERN.matcher(v.textValue()).matches()) throw new Unsupported("pattern " + v);
      return Pattern.compile(v.textValue());
    }

    private static long bound(JsonNode v) throws Unsupported {
      if (!v.isIntegralNumber() || !v.canConvertToLong()) throw new Unsupported("bound " + v);
      return v.longValue();
    }
  }
}
