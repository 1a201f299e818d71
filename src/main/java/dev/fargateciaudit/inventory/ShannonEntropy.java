package dev.fargateciaudit.inventory;

/**
 * Randomness of a value, judged as detect-secrets judges it: only for a value wholly in the hex or
 * the base64 alphabet (standard or URL-safe, with padding), each with its own limit on the Shannon
 * entropy in bits per character. The limits are detect-secrets' defaults (hex 3.0, base64 4.5); a
 * value must exceed them, and be at least {@link #MIN_LENGTH} characters long.
 */
final class ShannonEntropy {
  static final int MIN_LENGTH = 20;
  static final double HEX_LIMIT = 3.0;
  static final double BASE64_LIMIT = 4.5;

  private ShannonEntropy() {}

  /** True if the value is in the hex or base64 alphabet and more random than that alphabet's limit. */
  static boolean looksRandom(String v) {
    if (v.length() < MIN_LENGTH) return false;
    if (allMatch(v, ShannonEntropy::isHex)) return bitsPerChar(v) > HEX_LIMIT;
    return allMatch(v, ShannonEntropy::isBase64) && bitsPerChar(v) > BASE64_LIMIT;
  }

  static double bitsPerChar(String s) {
    int[] counts = new int[128];
    int other = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 128) counts[c]++; else other++;
    }
    double h = term(other, s.length());
    for (int n : counts) h += term(n, s.length());
    return h;
  }

  private static double term(int n, int total) {
    if (n == 0) return 0;
    double p = (double) n / total;
    return -p * (Math.log(p) / Math.log(2));
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isBase64(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
        || c == '+' || c == '/' || c == '-' || c == '_' || c == '=';
  }

  private interface CharTest {
    boolean test(char c);
  }

  private static boolean allMatch(String s, CharTest test) {
    for (int i = 0; i < s.length(); i++) {
      if (!test.test(s.charAt(i))) return false;
    }
    return true;
  }
}
