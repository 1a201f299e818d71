package dev.fargateciaudit.inventory;

import com.fasterxml.jackson.core.JacksonException;
import dev.fargateciaudit.input.AtomicFiles;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.InputFiles;
import dev.fargateciaudit.input.JacksonErrors;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.nio.file.Path;

/** Reads and writes the inventory's JSON form (the snapshot contract). */
public final class InventoryJson {
  private InventoryJson() {}

  public static Inventory load(Path file) {
    return read(file.toString(), InputFiles.readAllBytes(file));
  }

  public static Inventory read(String name, byte[] json) {
    InventorySchema.validate(name, json);
    try {
      Inventory inv = Mappers.json().readValue(json, Inventory.class);
      if (inv.schemaVersion() != Inventory.SCHEMA_VERSION) {
        throw new BadInputException(name, 1, 1, "unsupported schemaVersion " + inv.schemaVersion()
            + " (this tool reads " + Inventory.SCHEMA_VERSION + ")");
      }
      return inv;
    } catch (JacksonException e) {
      throw JacksonErrors.toBadInput(name, e);
    } catch (IOException e) {
      throw new BadInputException(name, 0, 0, "cannot read: " + e.getMessage());
    }
  }

  public static String toJson(Inventory inventory) {
    try {
      return Mappers.json().writeValueAsString(inventory);
    } catch (JacksonException e) {
      throw new IllegalStateException("inventory cannot be serialised", e);
    }
  }

  public static void save(Inventory inventory, Path file) throws IOException {
    AtomicFiles.write(file, out -> Mappers.json().writeValue(out, inventory));
  }
}
