package dev.fargateciaudit.derive.iam;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A string condition value or a {@code Resource} pattern as written: literal text, the wildcards
 * {@code *} and {@code ?}, and policy variables. {@code ${key}} and {@code ${key, 'default'}} take
 * the request's value of the key; {@code ${*}}, {@code ${?}} and {@code ${$}} stand for the literal
 * character. A variable the request has no single value for, and no default, leaves the value
 * unmatched (IAM: "the policy element isn't matched"). Variables exist only in policies of version
 * {@code 2012-10-17}; elsewhere {@code ${...}} is plain text.
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html">IAM policy elements: Variables and tags</a>
 */
final class Template {
  private sealed interface Part permits Text, Wild, Variable {}

  private record Text(String text) implements Part {}

  private record Wild(char c) implements Part {}

  private record Variable(String key, String fallback) implements Part {}

  /** The value with variables replaced; {@code wild} marks the characters that are wildcards. */
  record Resolved(String text, BitSet wild) {}

  private final List<Part> parts;

  private Template(List<Part> parts) {
    this.parts = parts;
  }

  static Template parse(String raw, boolean variables) {
    List<Part> parts = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int i = 0;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      int close = variables && c == '$' && i + 1 < raw.length() && raw.charAt(i + 1) == '{' ? raw.indexOf('}', i + 2) : -1;
      if (close > 0) {
        String inner = raw.substring(i + 2, close).trim();
        if (inner.equals("*") || inner.equals("?") || inner.equals("$")) {
          text.append(inner);
        } else {
          flush(parts, text);
          parts.add(variable(inner));
        }
        i = close + 1;
      } else if (c == '*' || c == '?') {
        flush(parts, text);
        parts.add(new Wild(c));
        i++;
      } else {
        text.append(c);
        i++;
      }
    }
    flush(parts, text);
    return new Template(List.copyOf(parts));
  }

  private static Variable variable(String inner) {
    int comma = inner.indexOf(',');
    if (comma < 0) return new Variable(inner, null);
    String fallback = inner.substring(comma + 1).trim();
    if (fallback.length() >= 2 && fallback.startsWith("'") && fallback.endsWith("'")) {
      fallback = fallback.substring(1, fallback.length() - 1);
    }
    return new Variable(inner.substring(0, comma).trim(), fallback);
  }

  private static void flush(List<Part> parts, StringBuilder text) {
    if (text.length() > 0) parts.add(new Text(text.toString()));
    text.setLength(0);
  }

  /** True when the value holds a policy variable. */
  boolean hasVariables() {
    for (Part p : parts) {
      if (p instanceof Variable) return true;
    }
    return false;
  }

  /** The value for {@code request}, or null when one of its variables has no value there. */
  Resolved resolve(RequestContext request) {
    StringBuilder out = new StringBuilder();
    BitSet wild = new BitSet();
    for (Part p : parts) {
      if (p instanceof Text t) {
        out.append(t.text());
      } else if (p instanceof Wild w) {
        wild.set(out.length());
        out.append(w.c());
      } else if (p instanceof Variable v) {
        List<String> values = request.values(v.key());
        String value = values != null && values.size() == 1 ? values.get(0) : v.fallback();
        if (value == null) return null;
        out.append(value);
      }
    }
    return new Resolved(out.toString(), wild);
  }

  /** Glob match of {@code s} against the whole of {@code p}, case-sensitive. */
  static boolean like(Resolved p, String s) {
    return like(p.text(), p.wild(), 0, p.text().length(), s, 0, s.length());
  }

  /**
   * IAM's ARN match: the six colon-separated fields (the last takes the rest, colons included) are
   * matched one by one, so a wildcard never spans a colon. A pattern of fewer than six fields (a
   * lone {@code *}) is matched as a whole; a value of fewer fields than the pattern does not match.
   */
  static boolean arnLike(Resolved p, String s) {
    int[] pf = fields(p.text());
    if (pf == null) return like(p, s);
    int[] sf = fields(s);
    if (sf == null) return false;
    for (int f = 0; f < 6; f++) {
      if (!like(p.text(), p.wild(), pf[2 * f], pf[2 * f + 1], s, sf[2 * f], sf[2 * f + 1])) return false;
    }
    return true;
  }

  /** Start and end of each of the six ARN fields, or null for fewer than six. */
  private static int[] fields(String s) {
    int[] out = new int[12];
    int start = 0;
    for (int f = 0; f < 5; f++) {
      int colon = s.indexOf(':', start);
      if (colon < 0) return null;
      out[2 * f] = start;
      out[2 * f + 1] = colon;
      start = colon + 1;
    }
    out[10] = start;
    out[11] = s.length();
    return out;
  }

  private static boolean like(String p, BitSet wild, int pFrom, int pTo, String s, int sFrom, int sTo) {
    return Glob.matches(p, pFrom, pTo, wild, s, sFrom, sTo, false);
  }
}
