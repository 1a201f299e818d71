package dev.fargateciaudit.planned;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.InputFiles;
import dev.fargateciaudit.input.InputKind;
import dev.fargateciaudit.input.JacksonErrors;
import dev.fargateciaudit.input.LocatedTree;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A JSON file read as a tree, with the line and column of every value by JSON pointer, so that
 * a problem found while interpreting the tree can still be reported as {@code FILE:LINE:COL}.
 */
record PositionedJson(String file, JsonNode root, Map<String, int[]> positions) {

  static PositionedJson read(Path path, String displayName) {
    return read(path, displayName, Mappers.json());
  }

  /** Reads JSON or, with the YAML mapper, YAML (whose parser reports positions the same way; aliases refused, see {@link LocatedTree}). */
  static PositionedJson read(Path path, String displayName, ObjectMapper mapper) {
    byte[] bytes = InputFiles.read(path, displayName, InputKind.PLANNED);
    try {
      JsonNode root = LocatedTree.parse(mapper, displayName, bytes, false).root();
      if (root.isMissingNode()) throw new BadInputException(displayName, 1, 1, "empty file (expected a JSON object)");
      return new PositionedJson(displayName, root, index(mapper, bytes));
    } catch (JacksonException e) {
      throw JacksonErrors.toBadInput(displayName, e);
    } catch (IOException e) {
      throw new BadInputException(displayName, 0, 0, "cannot read: " + e.getMessage());
    }
  }

  /** Records where each value starts; for an object member, where its key starts. */
  private static Map<String, int[]> index(ObjectMapper mapper, byte[] bytes) throws IOException {
    Map<String, int[]> positions = new HashMap<>();
    try (JsonParser p = mapper.getFactory().createParser(bytes)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) continue;
        String pointer;
        if (t == JsonToken.FIELD_NAME) {
          pointer = p.getParsingContext().pathAsPointer().toString();
        } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          pointer = p.getParsingContext().getParent() == null
              ? "" : p.getParsingContext().getParent().pathAsPointer().toString();
        } else {
          pointer = p.getParsingContext().pathAsPointer().toString();
        }
        JsonLocation loc = p.currentTokenLocation();
        positions.putIfAbsent(pointer, new int[] {loc.getLineNr(), loc.getColumnNr()});
      }
    }
    return positions;
  }

  /** A positioned error at {@code pointer}, or at the nearest enclosing value that has a position. */
  BadInputException error(String pointer, String message) {
    return error(pointer, pointer, message);
  }

  /**
   * An error about the key at {@code pointer} (one that should not be there): positioned at the key,
   * the message naming the object that holds it, since the key itself is the file's text.
   */
  BadInputException keyError(String pointer, String message) {
    return error(pointer, pointer.substring(0, Math.max(pointer.lastIndexOf('/'), 0)), message);
  }

  private BadInputException error(String pointer, String shown, String message) {
    String p = pointer;
    while (true) {
      int[] pos = positions.get(p);
      if (pos != null) return new BadInputException(file, pos[0], pos[1], message + " at " + (shown.isEmpty() ? "/" : shown));
      if (p.isEmpty()) return new BadInputException(file, 1, 1, message);
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  static String child(String pointer, String field) {
    return pointer + "/" + field.replace("~", "~0").replace("/", "~1");
  }

  static String child(String pointer, int index) {
    return pointer + "/" + index;
  }
}
