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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Turns Jackson's exceptions into one-line, positioned {@link BadInputException}s. */
public final class JacksonErrors {
  private JacksonErrors() {}

  /** Uses the position Jackson reports (exact for syntax errors of streamed input). */
  public static BadInputException toBadInput(String file, JacksonException e) {
    JsonLocation loc = e.getLocation();
    int line = loc == null ? 0 : Math.max(loc.getLineNr(), 0);
    int col = loc == null ? 0 : Math.max(loc.getColumnNr(), 0);
    return new BadInputException(file, line, col, describe(e, null), e);
  }

  /**
   * For errors of binding {@code tree}: positions come from the tree (the key for an unknown key,
   * the value otherwise), since a tree-bound exception carries none.
   */
  public static BadInputException toBadInput(LocatedTree tree, JacksonException e) {
    if (!(e instanceof JsonMappingException jme) || jme.getPath().isEmpty()) return toBadInput(tree.file(), e);
    String pointer = pointer(jme.getPath());
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
      return "invalid value " + shorten(String.valueOf(ife.getValue())) + " at " + dotted(path)
          + " (expected " + expected(ife.getTargetType()) + ")";
    }
    if (e instanceof MismatchedInputException mie && !path.isEmpty() && mie.getTargetType() != null) {
      String what = found != null && !found.isMissingNode() ? kind(found) + " " : "";
      return "wrong type at " + dotted(path) + ": " + what.trim()
          + (what.isEmpty() ? "" : " ") + "(expected " + expected(mie.getTargetType()) + ")";
    }
    if (e instanceof StreamConstraintsException) {
      return "input exceeds a safety limit: " + firstSentence(e.getOriginalMessage())
          + " (expected at most " + Mappers.MAX_NESTING + " levels of nesting and numbers of at most 100 digits)";
    }
    String original = e.getOriginalMessage();
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
