package dev.fargateciaudit.inventory;

/**
 * Provenance of a record that did not come from the account as it is.
 *
 * @param kind {@code planned} (a file of a planned change) or {@code config} (read from a local file)
 * @param file the file it was read from
 * @param pointer JSON pointer or TOML key inside the file
 */
public record Source(String kind, String file, String pointer) {
  public static Source planned(String file, String pointer) {
    return new Source("planned", file, pointer);
  }
}
