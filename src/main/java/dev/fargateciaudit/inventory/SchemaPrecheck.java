package dev.fargateciaudit.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A pre-check of snapshot records against the inventory schema, compiled once from the schema
 * itself. It answers "certainly valid" or "ask the validator": a record it does not pass is
 * validated by networknt exactly as before, so networknt stays the judge and every error message
 * is unchanged. Why it exists: at N = 100,000 networknt's validation of 650,000 records cost
 * 2.4 s of CPU and 3.9 GB of allocation (a path object per node it visits), a second of the
 * load's wall time on two cores; this walks the same tree and allocates nothing.
 *
 * <p>Sound by construction: it understands only the keywords the schema's record definitions use
 * ({@code type}, {@code properties}, {@code additionalProperties}, {@code items}, {@code $ref} into
 * {@code $defs}, string {@code enum}s, plain {@code pattern}s, integer {@code minimum} and
 * {@code maximum}, and annotations), applies each as JSON Schema 2020-12 does or more strictly (a
 * {@code 1.0} is not an integer here, a number outside a bound's reach is not judged, a string
 * with other than printable ASCII is not matched against a pattern), and a list whose item schema
 * uses any other keyword has no pre-check: all its records go to the validator.
 * {@code SchemaPrecheckTest} checks that whatever it passes, networknt passes too.
 */
final class SchemaPrecheck {
  /** Keywords that assert nothing about an instance. */
  private static final Set<String> ANNOTATIONS = Set.of(
      "description", "title", "$comment", "examples", "default", "deprecated", "readOnly", "writeOnly");

  private static final int OBJECT = 1, ARRAY = 2, STRING = 4, INTEGER = 8, NUMBER = 16, BOOLEAN = 32, NULL = 64;
  private static final int ANY = -1;
  /** The pattern syntax whose meaning Java and ECMAScript share on printable ASCII (see {@code pattern}). */
  private static final Pattern PLAIN_PATTERN = Pattern.compile("[\\^$()|\\[\\]{}\\-,.*+?0-9A-Za-z_:]*");

  /** One compiled (sub)schema: every check must hold. */
  private interface Check {
    boolean test(JsonNode n);
  }

  private static final Check ALWAYS = n -> true;
  private static final Check NEVER = n -> false;

  /** The schema has a keyword or a form this class does not understand. */
  private static final class Unsupported extends Exception {
    Unsupported(String what) {
      super(what, null, false, false);
    }
  }

  private final Map<String, Check> items;

  private SchemaPrecheck(Map<String, Check> items) {
    this.items = items;
  }

  /**
   * Compiles the pre-check of every top-level list of {@code schema} (the whole inventory schema);
   * a list whose item schema cannot be compiled gets none.
   */
  static SchemaPrecheck of(JsonNode schema) {
    Map<String, Check> items = new HashMap<>();
    JsonNode defs = schema.path("$defs");
    schema.path("properties").fields().forEachRemaining(p -> {
      JsonNode item = p.getValue().get("items");
      if (item == null) return;
      try {
        items.put(p.getKey(), new Compiler(defs).compile(item));
      } catch (Unsupported e) {
        // No pre-check for this list: networknt validates every record of it.
      }
    });
    return new SchemaPrecheck(Map.copyOf(items));
  }

  /** True when {@code element} of the top-level list {@code field} is certainly valid. */
  boolean passes(String field, JsonNode element) {
    Check c = items.get(field);
    return c != null && c.test(element);
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

  private static final class Compiler {
    private final JsonNode defs;
    /**
     * The definitions this list's item schema reaches, each compiled once. One table per list: a
     * list that fails to compile takes its table with it, so no other list refers to a half-made
     * definition.
     */
    private final Map<String, Check> compiled = new HashMap<>();

    Compiler(JsonNode defs) {
      this.defs = defs;
    }

    Check compile(JsonNode schema) throws Unsupported {
      if (schema.isBoolean()) return schema.booleanValue() ? ALWAYS : NEVER;
      if (!schema.isObject()) throw new Unsupported("schema is " + schema.getNodeType());
      List<Check> checks = new ArrayList<>();
      int types = ANY;
      Map<String, Check> properties = null;
      Check additional = ALWAYS;
      for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        switch (e.getKey()) {
          case "type" -> types = types(v);
          case "properties" -> {
            properties = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> ps = v.fields(); ps.hasNext(); ) {
              Map.Entry<String, JsonNode> p = ps.next();
              properties.put(p.getKey(), compile(p.getValue()));
            }
          }
          case "additionalProperties" -> additional = compile(v);
          case "items" -> checks.add(items(compile(v)));
          case "$ref" -> checks.add(ref(v));
          case "enum" -> checks.add(enumeration(v));
          case "pattern" -> checks.add(pattern(v));
          case "minimum" -> checks.add(bound(v, true));
          case "maximum" -> checks.add(bound(v, false));
          default -> {
            if (!ANNOTATIONS.contains(e.getKey())) throw new Unsupported("keyword " + e.getKey());
          }
        }
      }
      if (properties != null || additional != ALWAYS) {
        checks.add(object(properties == null ? Map.of() : Map.copyOf(properties), additional));
      }
      int allowed = types;
      Check[] all = checks.toArray(Check[]::new);
      return n -> {
        if (allowed != ANY && (kind(n) & allowed) == 0) return false;
        for (Check c : all) if (!c.test(n)) return false;
        return true;
      };
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

    /** {@code properties} with {@code additionalProperties}: vacuous on anything but an object. */
    private static Check object(Map<String, Check> properties, Check additional) {
      return n -> {
        if (!n.isObject()) return true;
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> f = it.next();
          Check c = properties.get(f.getKey());
          if (!(c != null ? c : additional).test(f.getValue())) return false;
        }
        return true;
      };
    }

    private static Check items(Check item) {
      return n -> {
        if (!n.isArray()) return true;
        for (JsonNode e : n) if (!item.test(e)) return false;
        return true;
      };
    }

    private Check ref(JsonNode v) throws Unsupported {
      String ref = v.isTextual() ? v.textValue() : "";
      if (!ref.startsWith("#/$defs/") || ref.indexOf('/', 8) >= 0 || ref.contains("~") || ref.contains("%")) {
        throw new Unsupported("$ref " + v);
      }
      String name = ref.substring(8);
      JsonNode def = defs.get(name);
      if (def == null) throw new Unsupported("$ref " + v);
      if (!compiled.containsKey(name)) {
        // Placeholder first, so a definition that refers to itself compiles: resolved when tested.
        compiled.put(name, null);
        compiled.put(name, compile(def));
      }
      Map<String, Check> table = compiled;
      return n -> {
        Check c = table.get(name);
        return c != null && c.test(n);
      };
    }

    /** Only enums of strings (and null): other values would need JSON Schema's numeric equality. */
    private static Check enumeration(JsonNode v) throws Unsupported {
      if (!v.isArray()) throw new Unsupported("enum " + v);
      Set<String> strings = new HashSet<>();
      boolean nullAllowed = false;
      for (JsonNode e : v) {
        if (e.isTextual()) strings.add(e.textValue());
        else if (e.isNull()) nullAllowed = true;
        else throw new Unsupported("enum value " + e);
      }
      boolean withNull = nullAllowed;
      return n -> n.isTextual() ? strings.contains(n.textValue()) : withNull && n.isNull();
    }

    /**
     * A pattern is searched, not anchored. Java's regular expressions and the ECMAScript ones JSON
     * Schema means differ at the edges (Java's {@code $} also matches before a final line
     * terminator, so {@code "tcp\n"} matches {@code ^tcp$} in Java and not for networknt), so only
     * patterns of plain syntax (no escapes, no flags, no look-around) are compiled, and only strings
     * of printable ASCII are judged, where the two agree; any other string goes to the validator.
     */
    private static Check pattern(JsonNode v) throws Unsupported {
      if (!v.isTextual() || !PLAIN_PATTERN.matcher(v.textValue()).matches()) throw new Unsupported("pattern " + v);
      Pattern p = Pattern.compile(v.textValue());
      return n -> !n.isTextual() || printableAscii(n.textValue()) && p.matcher(n.textValue()).find();
    }

    private static boolean printableAscii(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c > 0x7e) return false;
      }
      return true;
    }

    /** Integer bounds judged on integers only; any other number is left to the validator. */
    private static Check bound(JsonNode v, boolean minimum) throws Unsupported {
      if (!v.isIntegralNumber() || !v.canConvertToLong()) throw new Unsupported("bound " + v);
      long limit = v.longValue();
      BigInteger big = BigInteger.valueOf(limit);
      return n -> {
        if (!n.isNumber()) return true;
        if (!n.isIntegralNumber()) return false;
        int cmp = n.canConvertToLong() ? Long.compare(n.longValue(), limit) : n.bigIntegerValue().compareTo(big);
        return minimum ? cmp >= 0 : cmp <= 0;
      };
    }
  }
}
