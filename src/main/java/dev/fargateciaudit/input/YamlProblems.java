package dev.fargateciaudit.input;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SnakeYAML's problem and context texts with what they quote of the file taken out. Most of its
 * messages are fixed ("mapping values are not allowed here") or name token kinds
 * ({@code '<block mapping start>'}, {@code ','}); a few quote a tag, an escape or a character, and
 * those parts are replaced by what kind of thing they were.
 */
final class YamlProblems {
  private YamlProblems() {}

  private static final Pattern FOUND_CHARACTER = Pattern.compile("found character .* that cannot start any token");
  private static final Pattern BUT_FOUND = Pattern.compile(", but found (?!'<)(.*)$");
  /** A quoted part: a token kind ({@code '<scalar>'}, {@code ','}) is kept, anything longer (group 1) is the file's. */
  private static final Pattern QUOTED = Pattern.compile("'(?:[^']|<[^']*>)'|('[^']{2,}'|\"[^\"]{2,}\")");

  static String describe(String text) {
    if (text == null) return "invalid YAML";
    String s = text.replaceAll("\\s+", " ").trim();
    if (s.startsWith("found undefined tag handle")) return "an undefined tag handle";
    if (s.startsWith("found unknown escape character")) return "an unknown escape character in a double-quoted string";
    if (FOUND_CHARACTER.matcher(s).lookingAt() && !s.contains("'\\t(TAB)'")) {
      return "a character that cannot start any token";
    }
    s = BUT_FOUND.matcher(s).replaceFirst(", but found another character");
    s = QUOTED.matcher(s).replaceAll(m -> m.group(1) == null || m.group().equals("'\\t(TAB)'")
        ? Matcher.quoteReplacement(m.group()) : "'…'");
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
