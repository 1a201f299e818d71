package dev.fargateciaudit.collect;

import java.io.IOException;
import java.nio.file.Path;

/**
 * For code outside this package (tests, the live benchmark): the estates of this package's tests
 * built in a running moto (eu-west-2).
 */
public final class MotoExampleEstate {
  private MotoExampleEstate() {}

  /** {@code examples/hardened}'s estate; writes audit.yml and fargate.toml into {@code dir} and returns audit.yml. */
  public static Path hardened(String endpoint, Path dir) throws IOException {
    return example(endpoint, true, dir);
  }

  /** {@code examples/blog-setup}'s estate; writes audit.yml and fargate.toml into {@code dir} and returns audit.yml. */
  public static Path blog(String endpoint, Path dir) throws IOException {
    return example(endpoint, false, dir);
  }

  /** {@code CollectionBenchmarkIT}'s estate (50 families, 50 services, 200 tasks, 30 roles), audited with no config. */
  public static void benchmark(String endpoint) {
    try (Estate e = new Estate(endpoint, "eu-west-2")) {
      e.benchmark();
    }
  }

  private static Path example(String endpoint, boolean hardened, Path dir) throws IOException {
    try (Estate e = new Estate(endpoint, "eu-west-2")) {
      return ExampleEstate.build(e, hardened, dir);
    }
  }
}
