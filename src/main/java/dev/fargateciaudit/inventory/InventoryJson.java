package dev.fargateciaudit.inventory;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fargateciaudit.input.AtomicFiles;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.Mappers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes the inventory's JSON form (the snapshot contract). */
public final class InventoryJson {
  /**
   * Inventories with more records than this are saved without indentation: at N = 100,000 the
   * indented form is several times the 430 MiB of the compact one, for a file no one reads by eye.
   */
  static final int INDENT_MAX_RECORDS = 10_000;

  private InventoryJson() {}

  /**
   * {@code -Dfca.noParallelLoad=true}: read every snapshot with {@link SnapshotReader} alone (to
   * compare the two, or should the parallel reader ever be in doubt).
   */
  private static final boolean PARALLEL = !Boolean.getBoolean("fca.noParallelLoad");

  /**
   * Reads, validates and binds the snapshot {@code file}, streaming it: memory is bounded by the
   * inventory, not the file. A valid snapshot is read by {@link ParallelSnapshotReader} on every
   * core; any other, or one it cannot vouch for, by {@link SnapshotReader}, which reports the first
   * problem as a {@link BadInputException}.
   */
  public static Inventory load(Path file) {
    String name = file.toString();
    if (!Files.exists(file)) throw new BadInputException(name, 0, 0, "file not found");
    return read(name, () -> FileChannel.open(file), () -> Mappers.json().createParser(Files.newInputStream(file)));
  }

  /** Like {@link #load} for a snapshot already in memory; {@code name} names it in errors. */
  public static Inventory read(String name, byte[] json) {
    return read(name, () -> Channels.newChannel(new ByteArrayInputStream(json)), () -> Mappers.json().createParser(json));
  }

  /** The parallel reader over {@code bytes}, else (declined or switched off) the exact one over {@code parser}. */
  private static Inventory read(String name, ParallelSnapshotReader.Bytes bytes, SnapshotReader.Source parser) {
    Inventory fast = PARALLEL ? ParallelSnapshotReader.read(name, bytes) : null;
    return fast != null ? fast : SnapshotReader.read(name, parser);
  }

  public static String toJson(Inventory inventory) {
    try {
      return Mappers.json().writeValueAsString(inventory);
    } catch (JacksonException e) {
      throw new IllegalStateException("inventory cannot be serialised", e);
    }
  }

  /** Writes {@code inventory} atomically, streaming it (indented unless it is large). */
  public static void save(Inventory inventory, Path file) throws IOException {
    ObjectWriter writer = Mappers.json().writer();
    if (records(inventory) > INDENT_MAX_RECORDS) writer = writer.without(SerializationFeature.INDENT_OUTPUT);
    ObjectWriter w = writer;
    AtomicFiles.write(file, out -> w.writeValue(out, inventory));
  }

  static long records(Inventory inv) {
    return (long) inv.vpcs().size() + inv.subnets().size() + inv.routeTables().size() + inv.internetGateways().size()
        + inv.egressOnlyInternetGateways().size() + inv.natGateways().size() + inv.elasticIps().size()
        + inv.securityGroups().size() + inv.networkInterfaces().size() + inv.instances().size()
        + inv.ecsClusters().size() + inv.ecsServices().size() + inv.ecsTasks().size() + inv.taskDefinitions().size()
        + inv.efsFileSystems().size() + inv.efsMountTargets().size() + inv.efsAccessPoints().size()
        + inv.iamRoles().size() + inv.iamInstanceProfiles().size() + inv.secrets().size()
        + inv.ecrRepositories().size() + inv.collectionErrors().size();
  }
}
