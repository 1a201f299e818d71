package dev.fargateciaudit.bench;

import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryJson;
import dev.fargateciaudit.synth.SynthSpec;
import dev.fargateciaudit.synth.SyntheticEstate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Synthetic estates for the benchmarks, as snapshot bytes and as loaded inventories. */
final class Estates {
  private Estates() {}

  static byte[] snapshot(int scale) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new SyntheticEstate(new SynthSpec(scale, 1), "bench").write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Inventory inventory(int scale) {
    return InventoryJson.read("synth-" + scale + ".json", snapshot(scale));
  }
}
