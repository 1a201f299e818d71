package dev.fargateciaudit.inventory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.StreamSupport;

/**
 * Validates a snapshot against {@code /schema/inventory.schema.json} (JSON Schema 2020-12, shipped
 * in the jar) before binding. The document is parsed once into a location-aware tree, so a schema
 * violation is reported as {@code FILE:LINE:COL: message (expected ...)} at the offending value.
 * Of several violations the first in the file is reported.
 */
public final class InventorySchema {
  /** Classpath location of the schema. */
  public static final String RESOURCE = "schema/inventory.schema.json";

  private static final String SCHEMA_ID = "https://fargate-ci-audit.dev/schema/";

  private InventorySchema() {}

  /** The compiled schema; compiled once, on first use. */
  public static Schema schema() {
    return Holder.SCHEMA;
  }

  /**
   * Throws {@link BadInputException} unless {@code json} is a well-formed snapshot of a supported
   * {@code schemaVersion} that satisfies the schema.
   */
  public static void validate(String name, byte[] json) {
    JsonNode tree = parse(name, json);
    checkVersion(name, tree);
    List<Error> errors = schema().validate(tree);
    if (errors.isEmpty()) return;
    Error first = errors.stream()
        .min(Comparator.comparing((Error e) -> position(tree, e), Comparator.comparingInt((int[] p) -> p[0])
            .thenComparingInt(p -> p[1])))
        .orElseThrow();
    int[] pos = position(tree, first);
    throw new BadInputException(name, pos[0], pos[1], describe(first));
  }

  private static JsonNode parse(String name, byte[] json) {
    JsonNode tree = LocatedTree.parse(Mappers.json(), name, json, false).root();
    if (tree.isMissingNode()) {
      throw new BadInputException(name, 1, 1, "empty file (expected an inventory JSON object)");
    }
    if (!tree.isObject()) {
      int[] pos = location(tree);
      throw new BadInputException(name, pos[0], pos[1], "snapshot is a JSON "
          + tree.getNodeType().name().toLowerCase(Locale.ROOT) + " (expected an inventory JSON object)");
    }
    return tree;
  }

  private static void checkVersion(String name, JsonNode tree) {
    JsonNode version = tree.get("schemaVersion");
    int[] pos = version == null ? location(tree) : location(version);
    if (version == null) {
      throw new BadInputException(name, pos[0], pos[1],
          "missing schemaVersion (expected " + Inventory.SCHEMA_VERSION + ")");
    }
    if (!version.isIntegralNumber() || version.asLong() != Inventory.SCHEMA_VERSION) {
      throw new BadInputException(name, pos[0], pos[1], "unsupported schemaVersion " + abbreviate(version.toString())
          + " (this tool reads schemaVersion " + Inventory.SCHEMA_VERSION + ")");
    }
  }

  private static String describe(Error e) {
    String where = pointer(e.getInstanceLocation());
    String keyword = e.getKeyword() == null ? "" : e.getKeyword();
    JsonNode schemaNode = e.getSchemaNode();
    JsonNode found = e.getInstanceNode();
    return switch (keyword) {
      case "additionalProperties" -> unknownField(e, where);
      case "type" -> "wrong type at " + where + ": " + kind(found)
          + " (expected " + String.join(" or ", texts(schemaNode)) + ")";
      case "enum" -> "invalid value " + abbreviate(String.valueOf(found)) + " at " + where
          + " (expected one of " + String.join(", ", texts(schemaNode)) + ")";
      case "pattern" -> "invalid value " + abbreviate(String.valueOf(found)) + " at " + where
          + " (expected a value matching " + schemaNode.asText() + ")";
      case "minimum", "maximum" -> "number out of range at " + where + ": " + abbreviate(String.valueOf(found))
          + " (expected a 32-bit integer)";
      default -> abbreviate(e.getMessage()) + " at " + where;
    };
  }

  private static String unknownField(Error e, String where) {
    // The schema node of an additionalProperties error is the keyword's value; its parent holds "properties".
    Schema parent = schema().getSubSchema(parentPath(e.getSchemaLocation().getFragment()));
    JsonNode props = parent == null ? null : parent.getSchemaNode().get("properties");
    List<String> known = props == null ? List.of()
        : StreamSupport.stream(((Iterable<String>) props::fieldNames).spliterator(), false).toList();
    String suggestion = DidYouMean.suggest(e.getProperty(), known);
    return "unknown field '" + abbreviate(e.getProperty()) + "' in " + where
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

  /** {@code vpcs[0].tags.Name} from the instance location ({@code $} for the document itself). */
  private static String pointer(NodePath path) {
    if (path == null || path.getNameCount() == 0) return "the top level";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      Object el = path.getElement(i);
      if (el instanceof Integer idx) sb.append('[').append(idx).append(']');
      else sb.append(sb.length() == 0 ? "" : ".").append(abbreviate(String.valueOf(el)));
    }
    return sb.toString();
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

  private static final class Holder {
    static final Schema SCHEMA = load();

    private static Schema load() {
      SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
          b -> b.schemaIdResolvers(r -> r.mapPrefix(SCHEMA_ID, "classpath:schema/")));
      Schema schema = registry.getSchema(SchemaLocation.of(SCHEMA_ID + "inventory.schema.json"));
      schema.initializeValidators();
      return schema;
    }
  }
}
