package dev.fargateciaudit.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each key and list item of a YAML document is, by JSON pointer ({@code /tests/2/expect}),
 * so schema and CEL errors can name the line of the key at fault; and where a position inside a
 * string value (a CEL expression's line and column) is in the file.
 */
final class YamlLocations {
  record Pos(int line, int column) {}

  private final Map<String, Pos> byPointer;
  private final Map<String, Pos> valueStart;
  private final String[] lines;

  private YamlLocations(Map<String, Pos> byPointer, Map<String, Pos> valueStart, String[] lines) {
    this.byPointer = byPointer;
    this.valueStart = valueStart;
    this.lines = lines;
  }

  static YamlLocations of(byte[] yaml) {
    Map<String, Pos> m = new HashMap<>();
    Map<String, Pos> values = new HashMap<>();
    try (JsonParser p = Mappers.yaml().getFactory().createParser(yaml)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        boolean item = t != JsonToken.FIELD_NAME && t != JsonToken.END_ARRAY && t != JsonToken.END_OBJECT
            && p.getParsingContext().inArray();
        var loc = p.currentTokenLocation();
        String pointer = p.getParsingContext().pathAsPointer().toString();
        if (t == JsonToken.FIELD_NAME || item) {
          m.putIfAbsent(pointer, new Pos(loc.getLineNr(), loc.getColumnNr()));
        }
        if (t == JsonToken.VALUE_STRING) values.putIfAbsent(pointer, new Pos(loc.getLineNr(), loc.getColumnNr()));
      }
    } catch (IOException | RuntimeException e) {
      // Positions are a courtesy: the parse error itself is reported by the caller's binding.
    }
    return new YamlLocations(m, values, new String(yaml, StandardCharsets.UTF_8).split("\\r?\\n", -1));
  }

  /**
   * The file position of line {@code line}, column {@code column} (both from 1) of the string value at
   * {@code pointer}, whose text is {@code text}. Exact for a literal block ({@code |}) and for a
   * one-line plain or quoted scalar, checked against the file's own text; anything else (a folded or
   * multi-line flow scalar, whose lines YAML joins) gets the key's position, as {@link #at} gives it.
   */
  Pos inValue(String pointer, String text, int line, int column) {
    Pos start = valueStart.get(pointer);
    String[] textLines = text.split("\n", -1);
    if (start == null || line < 1 || line > textLines.length || start.line() > lines.length) return at(pointer);
    String wanted = textLines[line - 1];
    if (column < 1 || column > wanted.length() + 1) return at(pointer);
    String first = lines[start.line() - 1];
    char opener = start.column() <= first.length() ? first.charAt(start.column() - 1) : ' ';
    if (opener == '|') {
      int fileLine = start.line() + line;
      if (fileLine > lines.length) return at(pointer);
      String raw = lines[fileLine - 1];
      int indent = raw.length() - wanted.length();
      boolean spacesOnly = indent >= 0 && raw.substring(0, indent).isBlank() && raw.endsWith(wanted);
      return spacesOnly ? new Pos(fileLine, indent + column) : at(pointer);
    }
    if (textLines.length != 1 || opener == '>') return at(pointer);
    int from = opener == '"' || opener == '\'' ? start.column() : start.column() - 1;
    return first.startsWith(wanted, from) ? new Pos(start.line(), from + column) : at(pointer);
  }

  /** The position of {@code pointer}, else of its nearest ancestor that has one, else 1:1. */
  Pos at(String pointer) {
    String p = pointer == null ? "" : pointer;
    while (true) {
      Pos pos = byPointer.get(p);
      if (pos != null) return pos;
      int slash = p.lastIndexOf('/');
      if (slash <= 0) return byPointer.getOrDefault(p, new Pos(1, 1));
      p = p.substring(0, slash);
    }
  }
}
