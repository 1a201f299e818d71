package dev.fargateciaudit.inventory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.serialization.node.TokenStreamLocationAware;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.DidYouMean;
import dev.fargateciaudit.input.LocatedTree;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;

/**
 * Validates a snapshot against {@code /schema/inventory.schema.json} (JSON Schema 2020-12, shipped
 * in the jar) piece by piece, as {@link SnapshotReader} streams it: each top-level member, and each
 * element of a top-level list against that list's item schema. The pieces are location-aware trees,
 * so a schema violation is reported as {@code FILE:LINE:COL: message (expected ...)} at the
 * offending value, with its path in the whole document.
 */
public final class InventorySchema {
  /** Classpath location of the schema. */
  public static final String RESOURCE = "schema/inventory.schema.json";

  private static final String SCHEMA_ID = "https://fargate-ci-audit.dev/schema/";

  private InventorySchema() {}

  /**
   * The compiled schema of the whole document; compiled once, on first use. A load asks for it only
   * to report a member that the {@link SchemaPrecheck} does not pass.
   */
  public static Schema schema() {
    return Whole.SCHEMA;
  }

  /** Readies what every snapshot load uses: the schema's text and the pre-check compiled from it. */
  public static void prepare() {
    Document.PRECHECK.getClass(); // initialises the holder
  }

  /**
   * The schema of one element of the top-level list {@code field} (for instance {@code vpcs}), or
   * null when {@code field} is not a list of the snapshot. Compiled once per field, when first
   * asked for: a snapshot whose records all pass the {@link SchemaPrecheck} compiles none, and
   * the compiled validators are a large part of what a load keeps alive.
   */
  static Schema itemSchema(String field) {
    if (!Document.NODE.path("properties").path(field).has("items")) return null;
    return Compiled.ITEMS.computeIfAbsent(field, f -> Compiled.compile("#/properties/" + f + "/items"));
  }

  /**
   * Validates the elements of the top-level lists (the records of the snapshot), one at a time,
   * against the list's {@link #itemSchema}; one instance per load, not thread-safe: it reuses one
   * execution context per list (creating one costs more than validating a small record). A record
   * the {@link SchemaPrecheck} passes is valid without asking networknt; any other is validated,
   * and reported, by networknt.
   */
  static final class Elements {
    private final String name;
    private final Map<String, ExecutionContext> contexts = new HashMap<>();

    Elements(String name) {
      this.name = name;
    }

    /**
     * @param element a location-aware tree (see {@link LocatedTree}), so a violation is reported at
     *     its {@code FILE:LINE:COL}, with its path in the document ({@code vpcs[3].tags})
     */
    void validate(String field, int index, JsonNode element) {
      if (Document.PRECHECK.passes(field, element)) return;
      Schema items = itemSchema(field);
      ExecutionContext ctx = contexts.computeIfAbsent(field, f -> {
        ExecutionContext c = items.createExecutionContext();
        c.executionConfig(config -> config.annotationCollectionEnabled(false));
        return c;
      });
      items.validate(ctx, element);
      report(name, element, field + "[" + index + "]", ctx.getErrors());
    }
  }

  /**
   * Validates one top-level member {@code field: value} of the snapshot object against the schema
   * of the document (unknown members, types, and whole small members such as {@code meta}).
   * Whether {@code schemaVersion} is present is the caller's business (it reads the members one
   * at a time), so this ignores {@code required}. A member the {@link SchemaPrecheck} passes is
   * valid without compiling the document's schema.
   */
  static void validateMember(String name, String field, JsonNode value) {
    if (Document.PRECHECK.passesMember(field, value)) return;
    ObjectNode member = JsonNodeFactory.instance.objectNode();
    member.set(field, value);
    List<Error> errors = schema().validate(member, ctx -> ctx.executionConfig(c -> c.annotationCollectionEnabled(false)))
        .stream().filter(e -> !"required".equals(e.getKeyword())).toList();
    report(name, member, "", errors);
  }

  /**
   * Throws {@link BadInputException} unless {@code version} (the value of {@code schemaVersion}, a
   * location-aware node; null when absent, reported at {@code objectPosition}, where the snapshot
   * object starts) is the supported {@code schemaVersion}.
   */
  static void checkVersion(String name, JsonNode version, int[] objectPosition) {
    if (version == null) {
      throw new BadInputException(name, objectPosition[0], objectPosition[1],
          "missing schemaVersion (expected " + Inventory.SCHEMA_VERSION + ")");
    }
    int[] pos = location(version);
    if (!version.isIntegralNumber()) {
      throw new BadInputException(name, pos[0], pos[1], "schemaVersion is " + kind(version)
          + " (expected the number " + Inventory.SCHEMA_VERSION + ")");
    }
    if (version.asLong() != Inventory.SCHEMA_VERSION) {
      // A version number is the schema's, not the estate's: naming it says which tool wrote the file.
      throw new BadInputException(name, pos[0], pos[1], "unsupported schemaVersion " + version.asText()
          + " (this tool reads schemaVersion " + Inventory.SCHEMA_VERSION + ")");
    }
  }

  /**
   * @param tree the validated node
   * @param prefix the path of {@code tree} in the document ({@code vpcs[3]}), empty for the document
   */
  private static void report(String name, JsonNode tree, String prefix, List<Error> errors) {
    if (errors.isEmpty()) return;
    Error first = errors.stream()
        .min(Comparator.comparing((Error e) -> position(tree, e), Comparator.comparingInt((int[] p) -> p[0])
            .thenComparingInt(p -> p[1])))
        .orElseThrow();
    int[] pos = position(tree, first);
    throw new BadInputException(name, pos[0], pos[1], describe(prefix, first));
  }

  private static String describe(String prefix, Error e) {
    String where = pointer(prefix, e.getInstanceLocation());
    String keyword = e.getKeyword() == null ? "" : e.getKeyword();
    JsonNode schemaNode = e.getSchemaNode();
    JsonNode found = e.getInstanceNode();
    return switch (keyword) {
      case "additionalProperties" -> unknownField(e, where);
      case "type" -> "wrong type at " + where + ": " + kind(found)
          + " (expected " + String.join(" or ", texts(schemaNode)) + ")";
      case "enum" -> "invalid value at " + where + " (expected one of " + String.join(", ", texts(schemaNode)) + ")";
      case "pattern" -> "invalid value at " + where + " (expected a value matching " + schemaNode.asText() + ")";
      case "minimum", "maximum" -> "number out of range at " + where + " (expected a 32-bit integer)";
      default -> "invalid value at " + where + " (expected what the inventory schema says, keyword " + keyword + ")";
    };
  }

  private static String unknownField(Error e, String where) {
    // The schema node of an additionalProperties error is the keyword's value; its parent holds "properties".
    NodePath parentPath = parentPath(e.getSchemaLocation().getFragment());
    Schema parent = parentPath.getNameCount() == 0 ? schema() : schema().getSubSchema(parentPath);
    JsonNode props = parent == null ? null : parent.getSchemaNode().get("properties");
    List<String> known = props == null ? List.of()
        : StreamSupport.stream(((Iterable<String>) props::fieldNames).spliterator(), false).toList();
    String suggestion = DidYouMean.suggest(e.getProperty(), known);
    return "unknown field in " + where
        + (suggestion != null ? " (did you mean '" + suggestion + "'?)" : " (expected one of " + known + ")");
  }

  private static NodePath parentPath(NodePath path) {
    return path.getParent() == null ? path : path.getParent();
  }

  private static List<String> texts(JsonNode node) {
    if (node == null) return List.of("?");
    if (node.isArray()) {
      return StreamSupport.stream(node.spliterator(), false)
          .map(n -> n.isNull() ? "null" : n.asText()).toList();
    }
    return List.of(node.asText());
  }

  private static String kind(JsonNode n) {
    if (n == null) return "nothing";
    return switch (n.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> n.isIntegralNumber() ? "an integer" : "a number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NULL -> "null";
      default -> n.getNodeType().name().toLowerCase();
    };
  }

  /** {@code vpcs[0].tags.Name} from the path of the validated node and the instance location in it. */
  private static String pointer(String prefix, NodePath path) {
    StringBuilder sb = new StringBuilder(prefix);
    for (int i = 0; i < path.getNameCount(); i++) {
      Object el = path.getElement(i);
      if (el instanceof Integer idx) sb.append('[').append(idx).append(']');
      else sb.append(sb.length() == 0 ? "" : ".").append(abbreviate(String.valueOf(el)));
    }
    return sb.length() == 0 ? "the top level" : sb.toString();
  }

  private static int[] position(JsonNode tree, Error e) {
    JsonNode node = at(tree, e.getInstanceLocation());
    if ("additionalProperties".equals(e.getKeyword()) && node != null && e.getProperty() != null
        && node.get(e.getProperty()) != null) {
      node = node.get(e.getProperty());
    }
    return location(node);
  }

  private static JsonNode at(JsonNode tree, NodePath path) {
    JsonNode node = tree;
    for (int i = 0; path != null && i < path.getNameCount() && node != null; i++) {
      Object el = path.getElement(i);
      node = el instanceof Integer idx ? node.get(idx) : node.get(String.valueOf(el));
    }
    return node;
  }

  /** Line and column where {@code node} starts (a location-aware node), else {@code {0, 0}}. */
  private static int[] location(JsonNode node) {
    if (node instanceof TokenStreamLocationAware aware && aware.tokenStreamLocation() != null) {
      JsonLocation loc = aware.tokenStreamLocation();
      return new int[] {Math.max(loc.getLineNr(), 0), Math.max(loc.getColumnNr(), 0)};
    }
    return new int[] {0, 0};
  }

  private static String abbreviate(String s) {
    if (s == null) return "null";
    String one = s.replaceAll("\\p{Cntrl}", "?");
    return one.length() > 80 ? one.substring(0, 80) + "..." : one;
  }

  /** The schema as a tree, and the pre-check compiled from it: all a load of a valid snapshot needs. */
  private static final class Document {
    static final JsonNode NODE = read();
    static final SchemaPrecheck PRECHECK = SchemaPrecheck.of(NODE);

    private static JsonNode read() {
      try (InputStream in = InventorySchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
        return Mappers.json().readTree(in);
      } catch (IOException | RuntimeException e) {
        throw new IllegalStateException("cannot read the inventory schema " + RESOURCE + " from the jar", e);
      }
    }
  }

  /** networknt's schemas: each compiled when a value needs the validator's judgement. */
  private static final class Compiled {
    static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
        b -> b.schemaIdResolvers(r -> r.mapPrefix(SCHEMA_ID, "classpath:schema/")));
    /** The item schemas compiled so far, by list. */
    static final Map<String, Schema> ITEMS = new ConcurrentHashMap<>();

    private static Schema compile(String fragment) {
      Schema schema = REGISTRY.getSchema(SchemaLocation.of(SCHEMA_ID + "inventory.schema.json" + fragment));
      schema.initializeValidators();
      return schema;
    }
  }

  private static final class Whole {
    static final Schema SCHEMA = Compiled.compile("");
  }
}
