package dev.fargateciaudit.inventory;

import dev.fargateciaudit.synth.SynthSpec;
import dev.fargateciaudit.synth.SyntheticEstate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** The snapshot JSON of a synthetic estate, as {@code synth} writes it, for the readers' tests. */
final class SyntheticSnapshot {
  private SyntheticSnapshot() {}

  static byte[] json(int scale, long seed) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new SyntheticEstate(new SynthSpec(scale, seed), "test").write(out);
    return out.toByteArray();
  }
}
