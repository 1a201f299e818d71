package dev.fargateciaudit.inventory;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Classifies a plaintext environment variable from its name and value, so the value can be
 * dropped at once. The classification is all that any later stage (and any report) ever sees.
 *
 * <p>Classes: {@code aws-access-key-id}, {@code aws-secret-access-key}, {@code private-key},
 * {@code token} (well-known token formats), {@code secret-name} (the name says secret, password,
 * token, key...), {@code high-entropy} (long random-looking value), {@code plain}.
 */
public final class SecretClassifier {
  private static final Pattern ACCESS_KEY_ID = Pattern.compile("(A3T[A-Z0-9]|AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}");
  private static final Pattern SECRET_KEY = Pattern.compile("[A-Za-z0-9/+=]{40}");
  private static final Pattern TOKEN = Pattern.compile(
      "(glpat-[A-Za-z0-9_\\-]{20,}|gh[pousr]_[A-Za-z0-9]{36,}|xox[abprs]-[A-Za-z0-9-]{10,}|eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\..*)");
  private static final Pattern SECRET_NAME = Pattern.compile(
      ".*(SECRET|PASSWORD|PASSWD|PWD|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|AUTH).*");

  private SecretClassifier() {}

  public static String classify(String name, String value) {
    String v = value == null ? "" : value.trim();
    if (v.contains("-----BEGIN") && v.contains("PRIVATE KEY")) return "private-key";
    if (ACCESS_KEY_ID.matcher(v).matches()) return "aws-access-key-id";
    if (TOKEN.matcher(v).matches()) return "token";
    String upper = name == null ? "" : name.toUpperCase(Locale.ROOT);
    if (SECRET_KEY.matcher(v).matches() && upper.contains("AWS")) return "aws-secret-access-key";
    if (SECRET_NAME.matcher(upper).matches() && !v.isEmpty()) return "secret-name";
    if (v.length() >= 20 && entropyBitsPerChar(v) >= 4.0) return "high-entropy";
    return "plain";
  }

  /** True for every class except {@code plain}. */
  public static boolean looksSecret(String classification) {
    return classification != null && !"plain".equals(classification);
  }

  static double entropyBitsPerChar(String s) {
    int[] counts = new int[128];
    int other = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 128) counts[c]++; else other++;
    }
    double h = 0;
    for (int n : counts) h += term(n, s.length());
    return h + term(other, s.length());
  }

  private static double term(int n, int total) {
    if (n == 0) return 0;
    double p = (double) n / total;
    return -p * (Math.log(p) / Math.log(2));
  }
}
