package dev.fargateciaudit.report;

/**
 * Makes text that came from the account safe to show without hiding anything.
 *
 * <p>Markup escaping is the job of FreeMarker (HTML) and the XML writer (JUnit). This class handles
 * what escaping cannot: characters that XML 1.0 forbids (C0 controls other than tab, newline and
 * carriage return; unpaired surrogates; U+FFFE/U+FFFF), other controls (DEL, C1), and invisible
 * characters that reorder or hide text (bidi embeddings, overrides and isolates, zero-width marks).
 * Each such code point is shown as <code>&#92;u{XXXX}</code>, so a reviewer sees it instead of being
 * fooled by it. Everything else, including {@code <}, {@code &} and {@code ]]>}, is kept as is.
 */
public final class UntrustedText {
  private UntrustedText() {}

  /** Returns {@code s} with every hidden or XML-illegal code point made visible; null stays null. */
  public static String visible(String s) {
    if (s == null) return null;
    if (isClean(s)) return s;
    StringBuilder b = new StringBuilder(s.length() + 16);
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        b.append(c).append(s.charAt(i + 1));
        i += 2;
        continue;
      }
      if (Character.isSurrogate(c) || hidden(c)) {
        b.append("\\u{").append(String.format("%04X", (int) c)).append('}');
      } else {
        b.append(c);
      }
      i++;
    }
    return b.toString();
  }

  /**
   * {@link #visible} for one line of the terminal: tab, newline and carriage return are shown as
   * well, so the text can neither start a line of its own nor rewrite the one it is on; cut to at
   * most {@code max} characters.
   */
  public static String line(String s, int max) {
    String v = visible(s);
    if (v != null && (v.indexOf('\t') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0)) {
      v = v.replace("\t", "\\u{0009}").replace("\n", "\\u{000A}").replace("\r", "\\u{000D}");
    }
    return cut(v, max);
  }

  /** {@link #visible} cut to at most {@code max} characters, ending in an ellipsis when cut. */
  public static String visible(String s, int max) {
    return cut(visible(s), max);
  }

  private static String cut(String v, int max) {
    if (v == null || v.length() <= max) return v;
    int end = max - 1;
    if (Character.isHighSurrogate(v.charAt(end - 1))) end--;
    return v.substring(0, end) + "…";
  }

  private static boolean isClean(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      // Printable ASCII first: nearly every character of a report (ids, ARNs, names) is one.
      if (c >= 0x20 && c < 0x7F) continue;
      if (Character.isSurrogate(c) || hidden(c)) return false;
    }
    return true;
  }

  /** True for a control character other than tab, newline and carriage return, and for characters that reorder or hide text. */
  public static boolean hidden(char c) {
    if (c < 0x20) return c != '\t' && c != '\n' && c != '\r';
    if (c >= 0x7F && c <= 0x9F) return true;
    return c == 0x061C || c == 0x200B || c == 0x200E || c == 0x200F
        || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF
        || c == 0xFFFE || c == 0xFFFF;
  }
}
