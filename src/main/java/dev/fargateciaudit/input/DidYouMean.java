package dev.fargateciaudit.input;

import java.util.Collection;
import java.util.Locale;

/** Suggests the known name closest to a misspelt one (Levenshtein distance), if any is close. */
public final class DidYouMean {
  private DidYouMean() {}

  /**
   * The closest of {@code known} within a third of the name's length in edits (at least one), else
   * the one the name is a prefix of (at least three letters), else null.
   */
  public static String suggest(String name, Collection<String> known) {
    if (name == null || name.length() > 200) return null;
    String lower = name.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(lower, k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    int allowed = Math.max(1, name.length() / 3);
    if (bestDistance <= allowed) return best;
    if (lower.length() >= 3) {
      for (String k : known) {
        if (k.toLowerCase(Locale.ROOT).startsWith(lower)) return k;
      }
    }
    return null;
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
