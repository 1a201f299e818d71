package dev.fargateciaudit.derive.iam;

import java.util.BitSet;

/**
 * IAM's wildcard match: {@code *} matches any run of characters, {@code ?} any one. Iterative, with
 * backtracking over the last star only: linear in practice, no regular expression compiled.
 */
public final class Glob {
  private Glob() {}

  /**
   * True when {@code s[sFrom, sTo)} matches the whole of {@code p[pFrom, pTo)}.
   *
   * @param wild which characters of {@code p} are wildcards (a {@code *} or {@code ?} that a policy
   *     variable such as {@code ${*}} wrote is not); null when every {@code *} and {@code ?} is one
   * @param foldAscii compare ASCII letters case-insensitively (action names)
   */
  public static boolean matches(String p, int pFrom, int pTo, BitSet wild, String s, int sFrom, int sTo, boolean foldAscii) {
    int pi = pFrom, si = sFrom, star = -1, mark = 0;
    while (si < sTo) {
      char c = pi < pTo ? p.charAt(pi) : 0;
      boolean w = pi < pTo && (c == '*' || c == '?') && (wild == null || wild.get(pi));
      if (pi < pTo && (w ? c == '?' : same(c, s.charAt(si), foldAscii))) {
        pi++;
        si++;
      } else if (w) {
        star = pi++;
        mark = si;
      } else if (star >= 0) {
        pi = star + 1;
        si = ++mark;
      } else {
        return false;
      }
    }
    while (pi < pTo && p.charAt(pi) == '*' && (wild == null || wild.get(pi))) pi++;
    return pi == pTo;
  }

  private static boolean same(char a, char b, boolean foldAscii) {
    return a == b || foldAscii && lowerAscii(a) == lowerAscii(b);
  }

  private static char lowerAscii(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }
}
