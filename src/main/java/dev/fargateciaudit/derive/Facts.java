package dev.fargateciaudit.derive;

import java.util.Locale;

/** Small conversions shared by the derive step: CEL sees no nulls and only {@code long} numbers. */
final class Facts {
  private Facts() {}

  static String str(String s) {
    return s == null ? "" : s;
  }

  static long num(Integer i, long dflt) {
    return i == null ? dflt : i.longValue();
  }

  static boolean bool(Boolean b) {
    return b != null && b;
  }

  static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }

  /** The resource name of an ARN ({@code .../name} or {@code ...:name}), or the input. */
  static String arnName(String arn) {
    if (arn == null) return "";
    int slash = arn.lastIndexOf('/');
    if (slash >= 0) return arn.substring(slash + 1);
    int colon = arn.lastIndexOf(':');
    return colon >= 0 ? arn.substring(colon + 1) : arn;
  }
}
