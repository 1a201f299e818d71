package dev.fargateciaudit.input;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.networknt.schema.serialization.node.LocationJsonNodeFactory;
import com.networknt.schema.serialization.node.TokenStreamLocationAware;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A parsed JSON or YAML document that remembers where each key and value was in the file, so that
 * problems found after parsing (binding, validation) can still be reported as {@code FILE:LINE:COL}.
 * YAML aliases are rejected while parsing: Jackson would otherwise bind {@code *name} as the plain
 * string {@code "name"}, silently turning an alias (or an alias bomb) into wrong data.
 *
 * @param root the document; {@link MissingNode} for an empty file
 * @param keys position of each key, by the JSON pointer of the value it names
 */
public record LocatedTree(String file, JsonNode root, Map<String, Position> keys) {
  /** Key positions kept for at most this many keys; beyond it positions fall back to values. */
  private static final int MAX_KEYS = 100_000;

  /** A 1-based line and column; 0 when unknown. */
  public record Position(int line, int column) {
    public static final Position UNKNOWN = new Position(0, 0);

    static Position of(JsonLocation loc) {
      if (loc == null) return UNKNOWN;
      return new Position(Math.max(loc.getLineNr(), 0), Math.max(loc.getColumnNr(), 0));
    }
  }

  /** Parses {@code bytes} with {@code mapper}'s (bounded) parser; syntax errors become {@link BadInputException}. */
  public static LocatedTree parse(ObjectMapper mapper, String file, byte[] bytes) {
    return parse(mapper, file, bytes, true);
  }

  /**
   * @param recordKeys whether to remember key positions (values always carry theirs); large
   *     documents whose errors are reported at values can skip the cost
   */
  public static LocatedTree parse(ObjectMapper mapper, String file, byte[] bytes, boolean recordKeys) {
    Map<String, Position> keys = new HashMap<>();
    JsonParser parser = null;
    try (JsonParser raw = mapper.createParser(bytes)) {
      parser = new Recorder(raw, recordKeys ? keys : null);
      JsonNode root = mapper.reader().with(new LocationJsonNodeFactory(parser)).readTree(parser);
      return new LocatedTree(file, root == null ? MissingNode.getInstance() : root, keys);
    } catch (JacksonException e) {
      throw JacksonErrors.toBadInput(file, e, parser == null ? null : parser.currentLocation());
    } catch (IOException e) {
      throw new BadInputException(file, 0, 0, "cannot read: " + e.getMessage());
    }
  }

  /** The node at {@code pointer}, or a missing node. */
  public JsonNode at(String pointer) {
    return root.at(JsonPointer.compile(pointer));
  }

  /** Where the value at {@code pointer} starts, else where its key is, else unknown. */
  public Position valuePosition(String pointer) {
    Position p = nodePosition(at(pointer));
    return p.line() > 0 ? p : keyPosition(pointer);
  }

  /** Where the key naming the value at {@code pointer} is, else where the value starts. */
  public Position keyPosition(String pointer) {
    Position p = keys.get(pointer);
    if (p != null) return p;
    Position v = nodePosition(at(pointer));
    return v.line() > 0 || pointer.isEmpty() ? v : keyPosition(parent(pointer));
  }

  public BadInputException error(Position at, String message) {
    return new BadInputException(file, at.line(), at.column(), message);
  }

  public static Position nodePosition(JsonNode node) {
    if (node instanceof TokenStreamLocationAware aware) return Position.of(aware.tokenStreamLocation());
    return Position.UNKNOWN;
  }

  private static String parent(String pointer) {
    int slash = pointer.lastIndexOf('/');
    return slash <= 0 ? "" : pointer.substring(0, slash);
  }

  private static final class Recorder extends JsonParserDelegate {
    private final Map<String, Position> keys;

    Recorder(JsonParser delegate, Map<String, Position> keys) {
      super(delegate);
      this.keys = keys;
    }

    @Override
    public JsonToken nextToken() throws IOException {
      JsonToken t = super.nextToken();
      if (delegate instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
        throw new JsonParseException(this, "YAML alias is not supported (expected the value written out)",
            currentTokenLocation());
      }
      if (t == JsonToken.FIELD_NAME && keys != null && keys.size() < MAX_KEYS) {
        keys.put(getParsingContext().pathAsPointer().toString(), Position.of(currentTokenLocation()));
      }
      return t;
    }
  }
}
