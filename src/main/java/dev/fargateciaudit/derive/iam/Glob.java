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

  /**
   * True when {@code d} matches every string the pattern {@code p} matches (both with {@code *} and
   * {@code ?} as wildcards): a {@code *} of {@code p} is matched only by a {@code *} of {@code d}, a
   * {@code ?} of {@code p} by a {@code ?} or {@code *} of {@code d}. Sound, not complete: a false
   * answer may be a pattern {@code d} covers in a way this does not see (it is then read as not
   * covered, which keeps a grant standing).
   */
  public static boolean covers(String d, String p, boolean foldAscii) {
    Boolean[][] memo = new Boolean[d.length() + 1][p.length() + 1];
    return covers(d, 0, p, 0, foldAscii, memo);
  }

  private static boolean covers(String d, int i, String p, int j, boolean fold, Boolean[][] memo) {
    if (memo[i][j] != null) return memo[i][j];
    boolean r;
    if (i == d.length()) {
      r = j == p.length();
    } else if (d.charAt(i) == '*') {
      r = covers(d, i + 1, p, j, fold, memo) || j < p.length() && covers(d, i, p, j + 1, fold, memo);
    } else if (j == p.length() || p.charAt(j) == '*') {
      r = false;
    } else if (d.charAt(i) == '?') {
      r = covers(d, i + 1, p, j + 1, fold, memo);
    } else {
      r = p.charAt(j) != '?' && same(d.charAt(i), p.charAt(j), fold) && covers(d, i + 1, p, j + 1, fold, memo);
    }
    memo[i][j] = r;
    return r;
  }

  private static boolean same(char a, char b, boolean foldAscii) {
    return a == b || foldAscii && lowerAscii(a) == lowerAscii(b);
  }

  private static char lowerAscii(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }
}
