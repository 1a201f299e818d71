package dev.fargateciaudit.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each key and list item of a YAML document is, by JSON pointer ({@code /tests/2/expect}),
 * so schema and CEL errors can name the line of the key at fault.
 */
final class YamlLocations {
  record Pos(int line, int column) {}

  private final Map<String, Pos> byPointer;

  private YamlLocations(Map<String, Pos> byPointer) {
    this.byPointer = byPointer;
  }

  static YamlLocations of(byte[] yaml) {
    Map<String, Pos> m = new HashMap<>();
    try (JsonParser p = Mappers.yaml().getFactory().createParser(yaml)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        boolean item = t != JsonToken.FIELD_NAME && t != JsonToken.END_ARRAY && t != JsonToken.END_OBJECT
            && p.getParsingContext().inArray();
        if (t == JsonToken.FIELD_NAME || item) {
          var loc = p.currentTokenLocation();
          m.putIfAbsent(p.getParsingContext().pathAsPointer().toString(), new Pos(loc.getLineNr(), loc.getColumnNr()));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Positions are a courtesy: the parse error itself is reported by the caller's binding.
    }
    return new YamlLocations(m);
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
