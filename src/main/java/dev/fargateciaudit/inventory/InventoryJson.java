package dev.fargateciaudit.inventory;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.fargateciaudit.output.AtomicFiles;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.InputFiles;
import dev.fargateciaudit.input.InputKind;
import dev.fargateciaudit.input.Mappers;
import dev.fargateciaudit.input.TextLimit;
import dev.fargateciaudit.input.Utf8;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

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
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(inventory, out, true);
    } catch (IOException e) {
      throw new IllegalStateException("inventory cannot be serialised", e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Writes {@code inventory} atomically, owner-only (0600), streaming it (indented unless it is large). */
  public static void save(Inventory inventory, Path file) throws IOException {
    boolean indent = InventoryBuilder.records(inventory) <= INDENT_MAX_RECORDS;
    AtomicFiles.write(file, AtomicFiles.Access.OWNER_ONLY, out -> write(inventory, out, indent));
  }

  /** Streams {@code inventory} in the snapshot format to {@code out}, indented or compact, and closes it. */
  public static void write(Inventory inventory, OutputStream out, boolean indent) throws IOException {
    try (JsonGenerator g = Mappers.json().createGenerator(out)) {
      if (!indent) g.setPrettyPrinter(null);
      InventoryWriter.write(g, inventory);
    }
  }
}
