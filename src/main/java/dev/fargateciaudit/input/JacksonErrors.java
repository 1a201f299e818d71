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

/** Turns Jackson's exceptions into one-line, positioned {@link BadInputException}s. */
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
      String context = yaml.getContext() == null ? "" : " (" + yaml.getContext().trim() + ")";
      return new BadInputException(file, yaml.getProblemMark().getLine() + 1, yaml.getProblemMark().getColumn() + 1,
          "YAML syntax error: " + firstSentence(yaml.getProblem()) + context, e);
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
      return "unknown key '" + shorten(upe.getPropertyName()) + "' " + where
          + (suggestion != null ? " (did you mean '" + suggestion + "'?)" : " (expected one of " + known + ")");
    }
    if (e instanceof ValueInstantiationException vie) {
      Throwable cause = vie.getCause();
      if (cause instanceof NullPointerException) {
        return "empty entry at " + dotted(path) + " (expected a value in every list entry)";
      }
      return "invalid value at " + dotted(path) + ": " + shorten(cause == null ? vie.getOriginalMessage() : cause.getMessage());
    }
    if (e instanceof InvalidFormatException ife && !path.isEmpty()) {
      return "invalid value '" + shorten(String.valueOf(ife.getValue())) + "' at " + dotted(path)
          + " (expected " + expected(ife.getTargetType()) + ")";
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
    if (e instanceof StreamConstraintsException) {
      return "input exceeds a safety limit: " + firstSentence(original);
    }
    if (original.startsWith("Invalid UTF-8") || e.getCause() instanceof CharConversionException) {
      String what = original.startsWith("Invalid UTF-8") ? original : e.getCause().getMessage();
      return "not UTF-8: " + firstSentence(what.replaceAll(" ?\\(at char.*", "")) + " (expected UTF-8 text)";
    }
    if (original.startsWith("Unexpected end-of-input")) {
      return "unexpected end of file" + original.substring("Unexpected end-of-input".length())
          + " (expected the rest of the document; is the file truncated?)";
    }
    if (original.startsWith("Trailing token")) {
      return "content after the end of the document (expected a single document)";
    }
    if (e instanceof TomlStreamReadException) {
      if (original.startsWith("Duplicate key")) return "duplicate key (expected each key once per table)";
      if (original.startsWith("Unknown token")) {
        return "TOML syntax error: unknown token (expected a value: a quoted string, number, true/false, array or table)";
      }
      return "TOML syntax error: " + firstSentence(original);
    }
    if (original != null && original.startsWith("Duplicate field '")) {
      return "duplicate key " + shorten(original.substring("Duplicate field ".length())) + " (expected each key once)";
    }
    String msg = firstSentence(e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage());
    return path.isEmpty() ? msg : msg + " at " + dotted(path);
  }

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

  private static String firstSentence(String msg) {
    if (msg == null) return "invalid input";
    String one = msg.replaceAll("\\s+", " ").trim();
    return one.length() > 300 ? one.substring(0, 300) + "..." : one;
  }

  private static String shorten(String s) {
    if (s == null) return "null";
    String one = s.replaceAll("\\p{Cntrl}", "?");
    return one.length() > 80 ? one.substring(0, 80) + "..." : one;
  }
}
