package dev.fargateciaudit.input;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.toml.TomlStreamReadException;
import java.io.CharConversionException;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Jackson's exceptions into one-line, positioned {@link BadInputException}s that never repeat
 * the file's text: a message says where (line, column, the path of keys), what kind of thing was
 * found and what was expected. Jackson's own messages quote what they found ("Unrecognized token
 * 'glpat-...'", up to 256 characters of it) and name its classes and features; only the positions
 * and a fixed vocabulary pass through here.
 */
public final class JacksonErrors {
  private JacksonErrors() {}

  /** Uses the position Jackson reports (exact for syntax errors of streamed input). */
  public static BadInputException toBadInput(String file, JacksonException e) {
    return toBadInput(file, e, null);
  }

  /**
   * Like {@link #toBadInput(String, JacksonException)}; {@code fallback} is used when the exception
   * carries no position (Jackson's stream constraints report none; the parser knows where it stopped).
   */
  public static BadInputException toBadInput(String file, JacksonException e, JsonLocation fallback) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      String context = yaml.getContext() == null ? "" : " (" + YamlProblems.describe(yaml.getContext()) + ")";
      return new BadInputException(file, yaml.getProblemMark().getLine() + 1, yaml.getProblemMark().getColumn() + 1,
          "YAML syntax error: " + YamlProblems.describe(yaml.getProblem()) + context, e);
    }
    JsonLocation loc = e.getLocation() != null && e.getLocation().getLineNr() > 0 ? e.getLocation() : fallback;
    int line = loc == null ? 0 : Math.max(loc.getLineNr(), 0);
    int col = loc == null ? 0 : Math.max(loc.getColumnNr(), 0);
    return new BadInputException(file, line, col, describe(e, null), e);
  }

  /**
   * For errors of binding {@code tree}: positions come from the tree (the key for an unknown key,
   * the value otherwise), since a tree-bound exception carries none.
   */
  public static BadInputException toBadInput(LocatedTree tree, JacksonException e) {
    return toBadInput(tree, e, 0);
  }

  /**
   * Like {@link #toBadInput(LocatedTree, JacksonException)} for a tree that is one part of a larger
   * document (one record of a streamed file): the exception's path starts with {@code skip}
   * references that lead to the tree (added with {@link JsonMappingException#prependPath}), so the
   * message names the value's path in the whole document and the position comes from the tree.
   */
  public static BadInputException toBadInput(LocatedTree tree, JacksonException e, int skip) {
    if (!(e instanceof JsonMappingException jme) || jme.getPath().size() <= skip) {
      if (skip == 0) return toBadInput(tree.file(), e);
      LocatedTree.Position at = LocatedTree.nodePosition(tree.root());
      return new BadInputException(tree.file(), at.line(), at.column(), describe(e, tree.root()), e);
    }
    String pointer = pointer(jme.getPath().subList(skip, jme.getPath().size()));
    LocatedTree.Position at = e instanceof UnrecognizedPropertyException
        ? tree.keyPosition(pointer) : tree.valuePosition(pointer);
    return new BadInputException(tree.file(), at.line(), at.column(), describe(e, tree.at(pointer)), e);
  }

  private static String describe(JacksonException e, JsonNode found) {
    List<JsonMappingException.Reference> path =
        e instanceof JsonMappingException jme ? jme.getPath() : List.of();
    if (e instanceof UnrecognizedPropertyException upe) {
      String where = path.size() <= 1 ? "at the top level" : "in " + dotted(path.subList(0, path.size() - 1));
      List<String> known = upe.getKnownPropertyIds() == null ? List.of()
          : upe.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
      String suggestion = DidYouMean.suggest(upe.getPropertyName(), known);
      return "unknown key " + where
          + (suggestion != null ? " (did you mean '" + suggestion + "'?)" : " (expected one of " + known + ")");
    }
    if (e instanceof ValueInstantiationException vie) {
      if (vie.getCause() instanceof NullPointerException) {
        return "empty entry at " + dotted(path) + " (expected a value in every list entry)";
      }
      return "invalid value at " + dotted(path) + " (expected " + expected(vie.getType() == null ? null : vie.getType().getRawClass()) + ")";
    }
    if (e instanceof InvalidFormatException ife && !path.isEmpty()) {
      return "invalid value at " + dotted(path) + " (expected " + expected(ife.getTargetType()) + ")";
    }
    if (e instanceof MismatchedInputException mie && !path.isEmpty() && mie.getTargetType() != null) {
      String what = found != null && !found.isMissingNode() ? kind(found) + " " : "";
      return "wrong type at " + dotted(path) + ": " + what.trim()
          + (what.isEmpty() ? "" : " ") + "(expected " + expected(mie.getTargetType()) + ")";
    }
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (original.contains("nesting depth")) {
      return "nested more than " + Mappers.MAX_NESTING + " levels deep (expected at most "
          + Mappers.MAX_NESTING + " levels of nesting)";
    }
    if (original.contains("Number value length")) {
      return "number with more than " + Mappers.MAX_NUMBER_LENGTH + " digits (expected at most "
          + Mappers.MAX_NUMBER_LENGTH + " digits)";
    }
    if (original.startsWith("String value length")) {
      return "a string longer than " + Mappers.MAX_STRING_LENGTH + " characters (expected at most " + Mappers.MAX_STRING_LENGTH + ")";
    }
    if (original.startsWith("Name length")) {
      return "a key longer than " + Mappers.MAX_NAME_LENGTH + " characters (expected at most " + Mappers.MAX_NAME_LENGTH + ")";
    }
    if (e instanceof StreamConstraintsException) return "input beyond this tool's limits on size and nesting";
    if (original.startsWith("Invalid UTF-8") || e.getCause() instanceof CharConversionException) {
      Matcher b = BYTE.matcher(original.startsWith("Invalid UTF-8") ? original : String.valueOf(e.getCause().getMessage()));
      return "not UTF-8: " + (b.find() ? "invalid byte " + b.group() : "an invalid byte sequence") + " (expected UTF-8 text)";
    }
    if (original.startsWith("Unexpected end-of-input")) {
      Matcher in = IN_TOKEN.matcher(original);
      return "unexpected end of file" + (in.find() ? " in " + in.group(1) : "")
          + " (expected the rest of the document; is the file truncated?)";
    }
    if (original.startsWith("Trailing token")) {
      return "content after the end of the document (expected a single document)";
    }
    if (e instanceof TomlStreamReadException) {
      return original.startsWith("Duplicate key") ? "duplicate key (expected each key once per table)" : "TOML syntax error: " + toml(original);
    }
    if (original.startsWith("Duplicate field '")) return "duplicate key (expected each key once)";
    if (original.startsWith("Numeric value") && original.contains("out of range")) return INTEGER_OUT_OF_RANGE;
    if (original.startsWith("YAML alias")) return original;
    String msg = json(original);
    return path.isEmpty() ? msg : msg + " at " + dotted(path);
  }

  public static final String INTEGER_OUT_OF_RANGE =
      "an integer out of range (expected one from -9223372036854775808 to 9223372036854775807)";
  private static final Pattern BYTE = Pattern.compile("0x[0-9A-Fa-f]{2}");
  private static final Pattern IN_TOKEN = Pattern.compile(" in (VALUE_STRING|FIELD_NAME|a String value|a comment|an Object value|an Array value|[A-Z_]+)");

  /** A JSON syntax error, from Jackson's message: what was found, never the found text. */
  static String json(String original) {
    if (original.startsWith("Unrecognized token")) {
      return "an unquoted value (expected a string in double quotes, a number, true, false, null, an object or a list)";
    }
    if (original.startsWith("Illegal unquoted character")) {
      return "a control character inside a string (expected it escaped with a backslash, such as \\n)";
    }
    if (original.startsWith("Illegal character")) {
      return "a control character between values (expected only spaces, tabs and line breaks there)";
    }
    if (original.startsWith("Unrecognized character escape")) {
      return "an invalid escape in a string (expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)";
    }
    if (original.startsWith("Unexpected close marker")) return "a closing bracket that closes nothing open (expected the brackets to match)";
    if (original.startsWith("Invalid numeric value") || original.startsWith("Non-standard token")
        || original.contains("Leading zeroes") || original.contains("Invalid number")) {
      return "an invalid number (expected a JSON number: no leading zeroes, NaN or Infinity)";
    }
    if (original.startsWith("Unexpected character")) {
      if (original.contains("double-quote to start field name")) return "an unexpected character (expected a key in double quotes)";
      if (original.contains("comma to separate Object entries")) return "an unexpected character (expected a comma or the end of the object)";
      if (original.contains("comma to separate Array entries")) return "an unexpected character (expected a comma or the end of the list)";
      if (original.contains("colon to separate field name")) return "an unexpected character (expected a colon after the key)";
      if (original.contains("comment")) return "a comment (expected JSON, which has none)";
      return "an unexpected character (expected a value: a string in double quotes, a number, true, false, null, an object or a list)";
    }
    return "a JSON syntax error (expected valid JSON)";
  }

  /** A TOML syntax error, from the parser's message, which quotes nothing (checked against its fixed strings). */
  static String toml(String original) {
    if (original.startsWith("Unknown token")) return "unknown token (expected a value: a quoted string, number, true/false, array or table)";
    for (String fixed : TOML_MESSAGES) {
      if (original.startsWith(fixed)) return fixed;
    }
    return "invalid TOML";
  }

  /** The parser's messages that quote nothing of the file (jackson-dataformat-toml 2.23). */
  private static final List<String> TOML_MESSAGES = List.of("Newline not permitted here", "Comment not permitted here",
      "Table redefined", "Array already finished", "Illegal control character", "Unknown escape sequence",
      "Trailing comma not permitted for inline tables", "Not a valid Number representation", "Invalid code point",
      "Zero-prefixed ints are not valid", "More data after value has already ended");

  /** A JSON pointer ({@code /network/sshSources/1}) for a binding path. */
  public static String pointer(List<JsonMappingException.Reference> path) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : path) {
      sb.append('/');
      if (r.getFieldName() != null) sb.append(r.getFieldName().replace("~", "~0").replace("/", "~1"));
      else sb.append(r.getIndex());
    }
    return sb.toString();
  }

  private static String dotted(List<JsonMappingException.Reference> path) {
    if (path.isEmpty()) return "the top level";
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : path) {
      if (r.getFieldName() != null) sb.append(sb.length() == 0 ? "" : ".").append(shorten(r.getFieldName()));
      else sb.append('[').append(r.getIndex()).append(']');
    }
    return sb.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) return "another type";
    if (Collection.class.isAssignableFrom(type) || type.isArray()) return "a list";
    if (Map.class.isAssignableFrom(type) || type.isRecord()) return "a mapping of keys to values";
    if (type == String.class) return "a string";
    if (type == Boolean.class || type == boolean.class) return "true or false";
    if (type == java.time.Instant.class) return "an ISO-8601 timestamp such as 2026-11-27T10:15:30Z";
    if (Objects.equals(type, Integer.class) || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) return "a number";
    if (type.isEnum()) return "one of " + List.of(type.getEnumConstants());
    return "a " + type.getSimpleName();
  }

  static String kind(JsonNode n) {
    return switch (n.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> n.isIntegralNumber() ? "an integer" : "a number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "a list";
      case OBJECT -> "a mapping";
      case NULL -> "null";
      default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String shorten(String s) {
    if (s == null) return "null";
    String one = s.replaceAll("\\p{Cntrl}", "?");
    return one.length() > 80 ? one.substring(0, 80) + "..." : one;
  }
}
