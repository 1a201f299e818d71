package dev.fargateciaudit.collect;

import java.io.IOException;
import java.nio.file.Path;

/** For tests outside this package: {@code examples/hardened}'s estate built in a running moto. */
public final class MotoExampleEstate {
  private MotoExampleEstate() {}

  /** Builds it in the moto at {@code endpoint} (eu-west-2) and writes audit.yml and fargate.toml into {@code dir}. */
  public static Path hardened(String endpoint, Path dir) throws IOException {
    try (Estate e = new Estate(endpoint, "eu-west-2")) {
      return ExampleEstate.build(e, true, dir);
    }
  }
}
