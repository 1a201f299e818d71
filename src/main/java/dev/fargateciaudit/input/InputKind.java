package dev.fargateciaudit.input;

import java.util.Locale;
import java.util.Map;

/**
 * The kinds of file the tool reads, each with the size above which it is refused before a byte is
 * read. Hand-written files are small (a config is a few KiB, a rule or waivers file a few dozen);
 * their caps are far above any real one and low enough that parsing the largest costs well under a
 * second. Snapshots and findings files grow with the estate: their caps are twice the largest
 * estate measured (100,000 task definitions, a 451 MB snapshot) and can be changed with an
 * environment variable.
 */
public enum InputKind {
  CONFIG("config file", 256 * 1024, null),
  RUNNER_CONFIG("runner config", 256 * 1024, null),
  WAIVERS("waivers file", 1024 * 1024, null),
  RULE("rule file", 1024 * 1024, null),
  PLANNED("planned file", 4 * 1024 * 1024, null),
  FINDINGS("findings file", 1L << 30, "FCA_MAX_FINDINGS_BYTES"),
  SNAPSHOT("snapshot", 1L << 30, "FCA_MAX_SNAPSHOT_BYTES");

  private final String label;
  private final long defaultCap;
  private final String variable;

  InputKind(String label, long defaultCap, String variable) {
    this.label = label;
    this.defaultCap = defaultCap;
    this.variable = variable;
  }

  /** What the file is, in messages: "config file". */
  public String label() {
    return label;
  }

  /** The environment variable that overrides the cap, or null when it is fixed. */
  public String variable() {
    return variable;
  }

  public long defaultCap() {
    return defaultCap;
  }

  /** The cap in force: the environment's override (bytes, or a number with K, M or G), else the default. */
  public long cap() {
    return cap(System.getenv());
  }

  long cap(Map<String, String> env) {
    String value = variable == null ? null : env.get(variable);
    if (value == null || value.isBlank()) return defaultCap;
    long parsed = parseSize(value.trim());
    if (parsed <= 0) {
      throw new IllegalArgumentException(variable + " is not a size (expected bytes, or a number with K, M or G, such as 2G)");
    }
    return parsed;
  }

  /** {@code 1024}, {@code 64K}, {@code 512M}, {@code 2G} (binary units); -1 when it is none of these. */
  static long parseSize(String s) {
    if (!s.matches("\\d{1,12}[KkMmGg]?")) return -1;
    char last = s.charAt(s.length() - 1);
    long unit = switch (Character.toUpperCase(last)) {
      case 'K' -> 1L << 10;
      case 'M' -> 1L << 20;
      case 'G' -> 1L << 30;
      default -> 1;
    };
    String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
    return Long.parseLong(digits) * unit;
  }

  /** A size for people: {@code 256 KiB}, {@code 1 GiB}, {@code 1,234 bytes}. */
  public static String size(long bytes) {
    if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) return bytes / (1L << 30) + " GiB";
    if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) return bytes / (1L << 20) + " MiB";
    if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) return bytes / (1L << 10) + " KiB";
    return String.format(Locale.ROOT, "%,d bytes", bytes);
  }
}
