package dev.fargateciaudit.inventory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.Mappers;
import dev.fargateciaudit.inventory.InventoryLayout.Member;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The fast way to read a valid snapshot: {@link SnapshotSplitter} cuts the file into batches of
 * records without parsing them, and a worker per core parses each batch, judges every record with
 * the {@link SchemaPrecheck} as its tokens go by, and binds it straight from the parser, with no
 * tree built. At N = 100,000 that is most of the load's CPU saved on trees, and the parsing itself
 * runs on every core instead of the one thread of {@link SnapshotReader}.
 *
 * <p>It reports nothing. It either returns the inventory {@link SnapshotReader} would return for
 * the same bytes, or null: the snapshot is not laid out as the splitter expects, a record is not
 * certainly valid, something does not parse or bind, or the file cannot be read. The caller then
 * reads it with {@link SnapshotReader}, which finds the first problem, if any, and reports it at its
 * line and column, so errors, and valid snapshots the pre-check cannot vouch for, cost a second
 * read and nothing else.
 */
final class ParallelSnapshotReader {
  /** Opens the snapshot's bytes from the start. */
  @FunctionalInterface
  interface Bytes {
    ReadableByteChannel open() throws IOException;
  }

  /** Records per batch handed to a worker. */
  static final int BATCH = 256;
  /** Batches cut ahead of the workers at most. */
  static final int IN_FLIGHT = 8;

  private final String name;
  private final SchemaPrecheck precheck;
  private final ValuePool pool = new ValuePool();
  private final BindWorkers workers = new BindWorkers(IN_FLIGHT);
  private final Object[] values = InventoryLayout.newValues();
  /** Every piece in file order. */
  private final List<Piece> pieces = new ArrayList<>();
  private boolean versionSeen;

  private ParallelSnapshotReader(String name, SchemaPrecheck precheck) {
    this.name = name;
    this.precheck = precheck;
  }

  /**
   * The inventory in {@code bytes} when it is certainly valid, else null (read it with
   * {@link SnapshotReader}, which reports why). {@code name} names the snapshot in what networknt
   * checks (the members other than lists); no error leaves this method.
   */
  static Inventory read(String name, Bytes bytes) {
    SchemaPrecheck precheck = InventorySchema.precheck();
    if (precheck == null) return null;
    ParallelSnapshotReader reader = new ParallelSnapshotReader(name, precheck);
    try (ReadableByteChannel in = bytes.open()) {
      return reader.read(in);
    } catch (IOException | RuntimeException e) {
      // A syntax, schema or binding problem, or one reading the file: SnapshotReader reports it.
      return null;
    } finally {
      reader.workers.stop();
      reader.pool.release();
    }
  }

  private Inventory read(ReadableByteChannel in) throws IOException {
    boolean split = SnapshotSplitter.split(in, InventoryLayout.lists(), BATCH, new SnapshotSplitter.Pieces() {
      @Override
      public void list(String field) {
        values[InventoryLayout.member(field).index()] = new ArrayList<>();
      }

      @Override
      public void records(String field, byte[] json, int count) throws IOException {
        submit(new Records(field, InventoryLayout.member(field), json, count));
      }

      @Override
      public boolean value(String field, byte[] json) throws IOException {
        return ParallelSnapshotReader.this.value(field, json);
      }
    });
    if (!split || !versionSeen) return null;
    workers.finish();
    for (Piece p : pieces) p.collect();
    return InventoryLayout.inventory(values);
  }

  private boolean value(String field, byte[] json) throws IOException {
    if (field.equals("schemaVersion")) {
      JsonNode version = Mappers.json().readTree(json);
      versionSeen = true;
      return version.isIntegralNumber() && version.canConvertToLong() && version.longValue() == Inventory.SCHEMA_VERSION;
    }
    Member member = InventoryLayout.member(field);
    // An unknown member, or a list whose value is not an array: SnapshotReader says what is wrong.
    if (member == null || member.list()) return false;
    submit(new Value(field, member, json));
    return true;
  }

  private void submit(Piece piece) throws IOException {
    pieces.add(piece);
    workers.submit(piece::run);
  }

  /**
   * A piece is not certainly valid: thrown by a worker, so that the load stops at the next piece
   * the splitter cuts rather than at the end of the file, and SnapshotReader takes over.
   */
  private static final class Declined extends IOException {
    Declined() {
      super("not certainly valid");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // control flow, not a failure: no stack to record
    }
  }

  /**
   * A piece of the snapshot, parsed and bound by a worker, which throws {@link Declined} or what
   * parsing or binding threw unless the piece is certainly valid; read after {@link BindWorkers#finish}.
   */
  private abstract static class Piece {
    final String field;
    final Member member;
    private byte[] json;

    Piece(String field, Member member, byte[] json) {
      this.field = field;
      this.member = member;
      this.json = json;
    }

    /** Binds the piece once; its bytes are dropped first, as the piece is kept to the end of the load. */
    final void run() throws IOException {
      byte[] bytes = json;
      json = null;
      bind(bytes);
    }

    abstract void bind(byte[] json) throws IOException;

    abstract void collect();
  }

  /** Consecutive records of one list, as the array {@code [r1, r2, ...]}. */
  private final class Records extends Piece {
    final Object[] bound;

    Records(String field, Member member, byte[] json, int count) {
      super(field, member, json);
      this.bound = new Object[count];
    }

    @Override
    void bind(byte[] json) throws IOException {
      ObjectReader reader = pool.reader(member.type());
      try (JsonParser raw = Mappers.json().createParser(json)) {
        // Every object here is inside a record the pre-check judges, and it fails a record with a
        // member twice: Jackson's own check, a set allocated per object, would only repeat that.
        raw.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        SchemaPrecheck.CheckingParser p = precheck.checking(raw);
        if (p.nextToken() != JsonToken.START_ARRAY) throw new Declined();
        for (int k = 0; k < bound.length; k++) {
          p.expect(field);
          if (p.nextToken() != JsonToken.START_OBJECT) throw new Declined();
          bound[k] = reader.readValue(p);
          if (!p.passed()) throw new Declined();
        }
        if (p.nextToken() != JsonToken.END_ARRAY || p.nextToken() != null) throw new Declined();
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    void collect() {
      List<Object> list = (List<Object>) values[member.index()];
      for (Object o : bound) list.add(o);
    }
  }

  /** The value of a member other than a list (meta, runnerConfig): small, so checked by networknt. */
  private final class Value extends Piece {
    Object bound;

    Value(String field, Member member, byte[] json) {
      super(field, member, json);
    }

    @Override
    void bind(byte[] json) throws IOException {
      try {
        JsonNode tree = Mappers.json().readTree(json);
        InventorySchema.validateMember(name, field, tree);
        bound = pool.reader(member.type()).readValue(tree);
      } catch (BadInputException e) {
        throw new Declined(); // SnapshotReader reports it
      }
    }

    @Override
    void collect() {
      values[member.index()] = bound;
    }
  }
}
