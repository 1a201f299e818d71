package dev.fargateciaudit.inventory;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.networknt.schema.serialization.node.LocationJsonNodeFactory;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.JacksonErrors;
import dev.fargateciaudit.input.LocatedTree;
import dev.fargateciaudit.input.Mappers;
import dev.fargateciaudit.inventory.InventoryLayout.Member;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The exact reader of snapshots, the one that reports: {@link ParallelSnapshotReader} reads valid
 * snapshots faster, and anything it cannot vouch for is read here.
 *
 * <p>Reads a snapshot as a stream of records: one pass of one {@link JsonParser} over the file; each
 * top-level member, and each element of a top-level list, is read as a small location-aware tree,
 * validated against its part of the schema ({@link InventorySchema}), bound to its record through
 * a {@link ValuePool}, and dropped. Memory is bounded by the inventory being built plus one record,
 * never the whole file or a tree of it.
 *
 * <p>The error reported is the one a whole-document check reports: a syntax error anywhere first,
 * then a wrong or missing {@code schemaVersion}, then the first schema violation in the file, then
 * the first value that cannot be bound; each as {@code FILE:LINE:COL} with its path in the document.
 * So after a violation the rest of the file is still parsed (not validated or bound).
 *
 * <p>The caller's thread parses and builds the trees; a pool of one worker per core validates and
 * binds them, a batch of {@link #BATCH} trees at a time, at most {@link #IN_FLIGHT} batches ahead
 * of the parser, so memory stays bounded by the inventory plus a few thousand records. Validation
 * (mostly the {@link SchemaPrecheck}), binding and string pooling are most of a load, and records
 * are independent, so they run on every core. Each batch keeps the first violation and the first
 * binding error in it; the error reported is the one earliest in the file, exactly as a
 * sequential pass reports it, and the lists keep file order.
 */
final class SnapshotReader {
  /** Opens a parser at the start of the snapshot. */
  @FunctionalInterface
  interface Source {
    JsonParser open() throws IOException;
  }

  private static final ObjectReader TREES = Mappers.json().reader()
      .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  /** Records per hand-over to the validate-and-bind stage. */
  static final int BATCH = 256;
  /** Batches parsed ahead of the validate-and-bind stage at most. */
  static final int IN_FLIGHT = 8;

  private final String name;
  private final JsonParser parser;
  private final ObjectReader trees;
  private final ValuePool pool = new ValuePool();
  /** Validation contexts collect errors: one set per worker thread. */
  private final ThreadLocal<InventorySchema.Elements> elements;
  private final Object[] values = InventoryLayout.newValues();
  /** Every batch in file order (list elements and other members alike). */
  private final List<Batch> batches = new ArrayList<>();
  private final BindWorkers workers = new BindWorkers(IN_FLIGHT);
  private int[] objectPosition = {1, 1};
  private boolean versionSeen;
  private BadInputException versionError;
  /** The sequence number of the earliest batch known to hold a violation: later ones need no work. */
  private final AtomicInteger firstInvalid = new AtomicInteger(Integer.MAX_VALUE);

  private SnapshotReader(String name, JsonParser parser) {
    this.name = name;
    this.parser = parser;
    this.trees = TREES.with(new LocationJsonNodeFactory(parser));
    this.elements = ThreadLocal.withInitial(() -> new InventorySchema.Elements(name));
  }

  /** The inventory in {@code source}, or {@link BadInputException} at the first problem. */
  static Inventory read(String name, Source source) {
    try (JsonParser p = source.open()) {
      SnapshotReader reader = new SnapshotReader(name, p);
      try {
        return reader.document();
      } catch (JacksonException e) {
        // The parser knows where it stopped; exceptions of its stream limits carry no position.
        throw JacksonErrors.toBadInput(name, e, p.currentLocation());
      } finally {
        reader.workers.stop();
        reader.pool.release();
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
      parser.nextToken();
      member(field);
    }
    if (parser.nextToken() != null) {
      int[] at = position(parser.currentTokenLocation());
      throw new BadInputException(name, at[0], at[1], "content after the end of the document (expected a single document)");
    }
    workers.finish();
    if (!versionSeen) InventorySchema.checkVersion(name, null, objectPosition);
    if (versionError != null) throw versionError;
    // A sequential pass stops binding at the first violation, and a violation wins over a binding
    // error: so the error is the earliest violation, else the earliest binding error.
    for (Batch b : batches) if (b.schemaError != null) throw b.schemaError;
    for (Batch b : batches) if (b.bindError != null) throw b.bindError;
    for (Batch b : batches) b.collect();
    return InventoryLayout.inventory(values);
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
    if (firstInvalid.get() != Integer.MAX_VALUE) {
      parser.skipChildren();
      return;
    }
    Member member = InventoryLayout.member(field);
    if (member != null && member.list() && parser.currentToken() == JsonToken.START_ARRAY) {
      list(field, member);
      return;
    }
    submit(new Batch(batches.size(), field, member, -1, List.of(trees.readTree(parser))));
  }

  private void list(String field, Member member) throws IOException {
    values[member.index()] = new ArrayList<>();
    List<JsonNode> batch = new ArrayList<>(BATCH);
    int first = 0;
    for (int index = 0; parser.nextToken() != JsonToken.END_ARRAY; index++) {
      if (firstInvalid.get() != Integer.MAX_VALUE) {
        parser.skipChildren();
        continue;
      }
      batch.add(trees.readTree(parser));
      if (batch.size() == BATCH) {
        submit(new Batch(batches.size(), field, member, first, batch));
        batch = new ArrayList<>(BATCH);
        first = index + 1;
      }
    }
    if (!batch.isEmpty()) submit(new Batch(batches.size(), field, member, first, batch));
  }

  private void submit(Batch batch) throws IOException {
    batches.add(batch);
    workers.submit(batch::run);
  }

  /**
   * Consecutive trees of one top-level member: the elements {@code first}... of a list, or
   * ({@code first} = -1) the member's whole value. Run once by a worker; read by the parser's
   * thread after {@link BindWorkers#finish}.
   */
  private final class Batch {
    final int seq;
    final String field;
    final Member member;
    final int first;
    List<JsonNode> trees;
    Object[] bound;
    BadInputException schemaError;
    BadInputException bindError;

    Batch(int seq, String field, Member member, int first, List<JsonNode> trees) {
      this.seq = seq;
      this.field = field;
      this.member = member;
      this.first = first;
      this.trees = trees;
    }

    void run() throws IOException {
      if (firstInvalid.get() < seq) return; // an earlier violation is the error: nothing here counts
      bound = new Object[trees.size()];
      for (int k = 0; k < trees.size(); k++) {
        JsonNode tree = trees.get(k);
        int index = first < 0 ? -1 : first + k;
        try {
          if (index < 0) InventorySchema.validateMember(name, field, tree);
          else elements.get().validate(field, index, tree);
        } catch (BadInputException e) {
          schemaError = e;
          firstInvalid.accumulateAndGet(seq, Math::min);
          break;
        }
        if (member == null) throw new IllegalStateException("the schema allows '" + field + "', Inventory has no such component");
        if (bindError == null && !(index < 0 && member.list())) bound[k] = bind(member.type(), tree, field, index);
      }
      trees = null;
    }

    /** Adds what was bound to its member (lists in file order, since batches are collected in order). */
    @SuppressWarnings("unchecked")
    void collect() {
      if (member == null || bound == null) return;
      if (first < 0) {
        if (!member.list()) values[member.index()] = bound[0];
        return;
      }
      List<Object> list = (List<Object>) values[member.index()];
      for (Object o : bound) list.add(o);
    }

    /**
     * Binds a validated tree; the first binding error of the batch is kept, and later records are
     * only validated. The schema and the records agree, so binding fails only on what the schema
     * does not say (dates, absent primitives).
     */
    private Object bind(Class<?> type, JsonNode tree, String field, int index) throws IOException {
      try {
        return pool.reader(type).readValue(tree);
      } catch (JsonMappingException e) {
        if (index >= 0) e.prependPath(Inventory.class, index);
        e.prependPath(Inventory.class, field);
        bindError = JacksonErrors.toBadInput(new LocatedTree(name, tree, Map.of()), e, index >= 0 ? 2 : 1);
        return null;
      }
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
      default -> t.name().toLowerCase(java.util.Locale.ROOT);
    };
  }

}
