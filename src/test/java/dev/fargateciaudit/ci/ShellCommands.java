package dev.fargateciaudit.ci;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The commands a CI script line runs: split on {@code ; && || |} and newlines outside quotes, with
 * leading {@code NAME=value} assignments and shell keywords skipped. Enough for the plain one-command
 * lines and small {@code if} blocks our pipeline files use; not a shell parser.
 */
final class ShellCommands {
  private static final Set<String> KEYWORDS = Set.of("if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "!", "{", "}");

  private ShellCommands() {}

  static List<String> commands(String line) {
    List<String> out = new ArrayList<>();
    for (List<String> words : segments(line)) {
      int i = 0;
      while (i < words.size() && (KEYWORDS.contains(words.get(i)) || words.get(i).matches("[A-Za-z_][A-Za-z0-9_]*=.*"))) i++;
      if (i < words.size()) out.add(words.get(i));
    }
    return out;
  }

  private static List<List<String>> segments(String line) {
    List<List<String>> segments = new ArrayList<>();
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) quote = 0; else word.append(c);
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
        continue;
      }
      boolean separator = c == ';' || c == '|' || c == '&' || c == '\n';
      if (separator || Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        if (separator && !words.isEmpty()) {
          segments.add(words);
          words = new ArrayList<>();
        }
        continue;
      }
      word.append(c);
      inWord = true;
    }
    if (inWord) words.add(word.toString());
    if (!words.isEmpty()) segments.add(words);
    return segments;
  }
}
