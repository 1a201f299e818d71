package dev.fargateciaudit.inventory;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.JacksonErrors;
import dev.fargateciaudit.input.LocatedTree;
import dev.fargateciaudit.input.Mappers;
import dev.fargateciaudit.input.TextLimit;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a snapshot as a stream of records: one pass of one {@link JsonParser} over the file; each
 * top-level member, and each element of a top-level list, is read as a small tree,
 * validated against its part of the schema ({@link InventorySchema}), bound to its record, and
 * dropped. Memory is bounded by the inventory being built plus one record, never the whole file.
 *
 * <p>The error reported is the one a whole-document check reports: a syntax error anywhere first,
 * then a wrong or missing {@code schemaVersion}, then the first schema violation in the file, then
 * the first value that cannot be bound or resource said twice ({@link RecordIdentity}); each as
 * {@code FILE:LINE:COL} with its path in the document.
 *
 * <p>Text values longer than {@link TextLimit#MAX_CHARS} are cut as they are read.
 * So after a violation the rest of the file is still parsed (not validated or bound), and after a
 * binding error it is still validated (not bound).
 */
final class SnapshotReader {
  /** Opens a parser at the start of the snapshot. */
  @FunctionalInterface
  interface Source {
    JsonParser open() throws IOException;
  }

  private static final ObjectReader RECORDS = Mappers.json().reader()
      .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  /** A reader per record type: making one looks its deserializer up, a cost per record otherwise. */
  private static final Map<Class<?>, ObjectReader> BINDERS = new ConcurrentHashMap<>();

  private final String name;
  private final JsonParser parser;
  /** True for the pass that reports a problem: trees keep positions, the parser checks duplicates. */
  private final boolean located;
  /** Top-level members seen, for a duplicate the unlocated pass's parser does not check. */
  private final Set<String> members = new HashSet<>();
  private final ObjectReader trees;
  private final InventorySchema.Elements elements;
  private final InventoryBuilder inventory = Inventory.builder();
  /** Per list, the index of the record that first had each identity. */
  private final Map<String, Map<String, Integer>> identities = new HashMap<>();
  /** Whether a text value was cut (set by the trees of the first pass, the one that returns the inventory). */
  private boolean textCut;
  private int[] objectPosition = {1, 1};
  private boolean versionSeen;
  private BadInputException versionError;
  private BadInputException schemaError;
  private BadInputException bindError;

  private SnapshotReader(String name, JsonParser parser, boolean located) {
    this.name = name;
    this.parser = parser;
    this.located = located;
    if (located) {
      this.trees = RECORDS.with(new TextLimit.LocatedNodes(parser));
    } else {
      // The parser's check for a member named twice keeps a set per object; the trees' own check
      // costs nothing, and the located pass reports the duplicate as the parser words it.
      parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      this.trees = RECORDS.with(new InterningNodes()).with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    }
    this.elements = new InventorySchema.Elements(name);
  }

  /**
   * The inventory in {@code source}, or {@link BadInputException} at the first problem. A snapshot
   * with a problem is read a second time, its trees keeping every value's position, to report it.
   */
  /** What a load read: the inventory, and whether any of its text was cut ({@link TextLimit}). */
  record Read(Inventory inventory, boolean textCut) {}

  static Inventory read(String name, Source source) {
    return readChecked(name, source).inventory();
  }

  /** As {@link #read(String, Source)}, saying whether text was cut, so the file is not its own inventory. */
  static Read readChecked(String name, Source source) {
    try {
      return read(name, source, false);
    } catch (BadInputException e) {
      return read(name, source, true);
    }
  }

  private static Read read(String name, Source source, boolean located) {
    try (JsonParser p = source.open()) {
      try {
        SnapshotReader reader = new SnapshotReader(name, p, located);
        Inventory inventory = reader.document();
        return new Read(inventory, reader.textCut);
      } catch (JacksonException e) {
        // The parser knows where it stopped; exceptions of its stream limits carry no position.
        throw JacksonErrors.toBadInput(name, e, p.currentLocation());
      }
    } catch (JacksonException e) {
      throw JacksonErrors.toBadInput(name, e);
    } catch (IOException e) {
      throw new BadInputException(name, 0, 0, "cannot read: " + e.getMessage());
    }
  }

  private Inventory document() throws IOException {
    JsonToken t = parser.nextToken();
    if (t == null) throw new BadInputException(name, 1, 1, "empty file (expected an inventory JSON object)");
    objectPosition = position(parser.currentTokenLocation());
    if (t != JsonToken.START_OBJECT) {
      throw new BadInputException(name, objectPosition[0], objectPosition[1],
          "snapshot is a JSON " + kind(t) + " (expected an inventory JSON object)");
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      if (!located && !members.add(field)) throw new BadInputException(name, 0, 0, "member '" + field + "' twice");
      parser.nextToken();
      member(field);
    }
    if (parser.nextToken() != null) {
      int[] at = position(parser.currentTokenLocation());
      throw new BadInputException(name, at[0], at[1], "content after the end of the document (expected a single document)");
    }
    if (!versionSeen) InventorySchema.checkVersion(name, null, objectPosition);
    if (versionError != null) throw versionError;
    if (schemaError != null) throw schemaError;
    if (bindError != null) throw bindError;
    return inventory.build();
  }

  private void member(String field) throws IOException {
    if (field.equals("schemaVersion")) {
      versionSeen = true;
      try {
        InventorySchema.checkVersion(name, trees.readTree(parser), objectPosition);
      } catch (BadInputException e) {
        versionError = e;
      }
      return;
    }
    if (schemaError != null) {
      parser.skipChildren();
      return;
    }
    Class<?> listType = InventoryBuilder.listType(field);
    if (listType != null && parser.currentToken() == JsonToken.START_ARRAY) {
      @SuppressWarnings("unchecked")
      List<Object> list = inventory.list((Class<Object>) listType);
      for (int index = 0; parser.nextToken() != JsonToken.END_ARRAY; index++) {
        if (schemaError != null) {
          parser.skipChildren();
          continue;
        }
        JsonNode tree = trees.readTree(parser);
        try {
          elements.validate(field, index, tree);
        } catch (BadInputException e) {
          schemaError = e;
          continue;
        }
        Object record = bind(listType, tree, field, index);
        if (record != null && unique(record, tree, field, index)) list.add(record);
      }
      return;
    }
    value(field, listType, trees.readTree(parser));
  }

  /** Validates and binds the value of the member {@code field}, other than a list's elements. */
  private void value(String field, Class<?> listType, JsonNode tree) throws IOException {
    try {
      InventorySchema.validateMember(name, field, tree);
    } catch (BadInputException e) {
      schemaError = e;
      return;
    }
    switch (field) {
      case "meta" -> inventory.meta = (InventoryMeta) bind(InventoryMeta.class, tree, field, -1);
      case "runnerConfig" -> inventory.runnerConfig = (RunnerConfig) bind(RunnerConfig.class, tree, field, -1);
      default -> {
        // The schema allows the member: a list given as null, or a member the builder does not know.
        if (listType == null) throw new IllegalStateException("the schema allows '" + field + "', Inventory has no such component");
      }
    }
  }

  /**
   * Binds a validated tree; after the first binding error records are only validated. The schema
   * and the records agree, so binding fails only on what the schema does not say (dates, absent
   * primitives).
   */
  private Object bind(Class<?> type, JsonNode tree, String field, int index) throws IOException {
    if (bindError != null) return null;
    try {
      return BINDERS.computeIfAbsent(type, RECORDS::forType).readValue(tree);
    } catch (JsonMappingException e) {
      if (index >= 0) e.prependPath(Inventory.class, index);
      e.prependPath(Inventory.class, field);
      bindError = JacksonErrors.toBadInput(new LocatedTree(name, tree, Map.of()), e, index >= 0 ? 2 : 1);
      return null;
    }
  }

  /**
   * False, and the error recorded as a binding error (reported after any schema violation), when a
   * record of {@code field} before this one has the same identity.
   */
  private boolean unique(Object record, JsonNode tree, String field, int index) {
    RecordIdentity identity = RecordIdentity.of(record.getClass());
    String key = identity == null ? null : identity.of(record);
    if (key == null) return true;
    Integer first = identities.computeIfAbsent(field, f -> new HashMap<>()).putIfAbsent(key, index);
    if (first == null) return true;
    LocatedTree.Position at = LocatedTree.nodePosition(tree.get(identity.field()));
    bindError = new BadInputException(name, at.line(), at.column(), "duplicate " + identity.field() + " at " + field + "[" + index
        + "]: " + field + "[" + first + "] has the same one" + (identity.field().equals("arn") ? "" : " in the same region")
        + " (expected each resource once)");
    return false;
  }

  /**
   * Trees whose equal strings are one instance: ids, regions and ARNs recur across the records of a
   * snapshot, and the records and policy documents bound from the trees keep the trees' strings, so
   * the inventory holds each once. The text nodes are shared too (they are immutable): a record's
   * tree is dropped once it is bound, so a node per value would be garbage per value. Used by the
   * parser's thread alone.
   */
  private final class InterningNodes extends JsonNodeFactory {
    private final Map<String, TextNode> strings = new HashMap<>();

    @Override
    public TextNode textNode(String text) {
      if (text == null) return super.textNode(null);
      String kept = TextLimit.cut(text);
      if (kept.length() != text.length()) textCut = true;
      TextNode node = strings.get(kept);
      if (node == null) strings.put(kept, node = super.textNode(kept));
      return node;
    }
  }

  private static int[] position(JsonLocation loc) {
    return new int[] {Math.max(loc.getLineNr(), 0), Math.max(loc.getColumnNr(), 0)};
  }

  private static String kind(JsonToken t) {
    return switch (t) {
      case START_ARRAY -> "array";
      case VALUE_STRING -> "string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      case VALUE_NULL -> "null";
      default -> t.name().toLowerCase(Locale.ROOT);
    };
  }
}
