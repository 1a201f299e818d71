package dev.fargateciaudit.inventory;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fargateciaudit.output.AtomicFiles;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.InputFiles;
import dev.fargateciaudit.input.InputKind;
import dev.fargateciaudit.input.Mappers;
import dev.fargateciaudit.input.TextLimit;
import dev.fargateciaudit.input.Utf8;
import java.util.Arrays;
import java.io.IOException;
import java.nio.file.Path;

/** Reads and writes the inventory's JSON form (the snapshot contract). */
public final class InventoryJson {
  /**
   * Inventories with more records than this are saved without indentation: the indented form of a
   * large estate is several times the size of the compact one, for a file no one reads by eye.
   */
  static final int INDENT_MAX_RECORDS = 10_000;

  private InventoryJson() {}

  /**
   * Reads, validates and binds the snapshot {@code file}, streaming it: memory is bounded by the
   * inventory, not the file (see {@link SnapshotReader}).
   *
   * @throws BadInputException at the first problem, with its line and column
   */
  public static Inventory load(Path file) {
    return loadReporting(file).inventory();
  }

  /**
   * A snapshot as {@link #load} reads it, and whether text of it was cut ({@link TextLimit}): then the
   * file is no longer the inventory evaluated, and must not stand for it.
   *
   * @param textCut true when some text was longer than {@link TextLimit#MAX_CHARS}
   */
  public record Loaded(Inventory inventory, boolean textCut) {}

  public static Loaded loadReporting(Path file) {
    String name = file.toString();
    SnapshotReader.Read read = SnapshotReader.readChecked(name,
        () -> Mappers.json().createParser(InputFiles.open(file, name, InputKind.SNAPSHOT)));
    return new Loaded(read.inventory(), read.textCut());
  }

  /** Like {@link #load} for a snapshot already in memory; {@code name} names it in errors. */
  public static Inventory read(String name, byte[] json) {
    Utf8.checkSize(name, json, InputKind.SNAPSHOT);
    Utf8.checkStart(name, Arrays.copyOf(json, Math.min(json.length, 4)));
    return SnapshotReader.read(name, () -> Mappers.json().createParser(json));
  }

  public static String toJson(Inventory inventory) {
    try {
      return Mappers.json().writeValueAsString(inventory);
    } catch (JacksonException e) {
      throw new IllegalStateException("inventory cannot be serialised", e);
    }
  }

  /** Writes {@code inventory} atomically, owner-only (0600), streaming it (indented unless it is large). */
  public static void save(Inventory inventory, Path file) throws IOException {
    ObjectWriter writer = Mappers.json().writer();
    if (InventoryBuilder.records(inventory) > INDENT_MAX_RECORDS) writer = writer.without(SerializationFeature.INDENT_OUTPUT);
    ObjectWriter w = writer;
    AtomicFiles.write(file, AtomicFiles.Access.OWNER_ONLY, out -> w.writeValue(out, inventory));
  }
}
