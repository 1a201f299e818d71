package dev.fargateciaudit.findings;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Rule severity, most severe first. Written in lower case everywhere (YAML, JSON, CLI). */
public enum Severity {
  CRITICAL, HIGH, MEDIUM, LOW, INFO;

  /** Kept, not derived per call: reports ask every finding's severity for it. */
  private final String label = name().toLowerCase(Locale.ROOT);

  @JsonValue
  public String label() {
    return label;
  }

  @JsonCreator
  public static Severity parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("unknown severity '" + s + "' (expected critical, high, medium, low or info)");
    }
  }

  /** True when this severity is at least as severe as {@code threshold}. */
  public boolean atLeast(Severity threshold) {
    return ordinal() <= threshold.ordinal();
  }
}
