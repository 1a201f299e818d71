package dev.fargateciaudit.derive;

import dev.fargateciaudit.derive.FactType.Fact;
import dev.fargateciaudit.derive.FactType.ListOf;
import dev.fargateciaudit.derive.FactType.MapOf;
import dev.fargateciaudit.derive.FactType.Scalar;
import dev.fargateciaudit.derive.FactType.Struct;
import dev.fargateciaudit.input.DidYouMean;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a value has the declared facts of its type: every key declared, every value of the
 * declared type. Derived subjects must also have every declared fact ({@link Mode#COMPLETE});
 * rule fixtures may leave out what their rule does not read ({@link Mode#PARTIAL}).
 */
public final class FactCheck {
  private FactCheck() {}

  public enum Mode { COMPLETE, PARTIAL }

  /**
   * One mismatch.
   *
   * @param path the keys and list indexes from the checked value down to the mismatch
   * @param message one line naming the fact by {@code where}, what is wrong, and a did-you-mean
   */
  public record Problem(List<Object> path, String message) {}

  /** The mismatches of {@code value} against {@code type}, in document order; {@code where} names the value. */
  public static List<Problem> problems(Struct type, Object value, Mode mode, String where) {
    List<Problem> out = new ArrayList<>();
    check(type, value, mode, where, new ArrayList<>(), out);
    return out;
  }

  /** The name a struct has in messages: {@code ciTask}, {@code ciTask.container}. */
  public static String shown(Struct s) {
    return s.name().startsWith("fca.") ? s.name().substring(4) : s.name();
  }

  /** " (did you mean 'x'?)", else the declared names, for an unknown fact {@code name} of {@code s}. */
  public static String suggestion(Struct s, String name) {
    String near = DidYouMean.suggest(name, s.names());
    return near != null ? " (did you mean '" + near + "'?)"
        : " (" + shown(s) + " has: " + String.join(", ", s.names()) + ")";
  }

  private static void check(FactType type, Object value, Mode mode, String where, List<Object> path, List<Problem> out) {
    if (!matches(type, value)) {
      out.add(new Problem(List.copyOf(path), where + " is " + kindOf(value) + ", the fact is " + type.describe()));
      return;
    }
    if (type instanceof Struct s) {
      Map<?, ?> m = (Map<?, ?>) value;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String key = String.valueOf(e.getKey());
        path.add(key);
        var declared = s.fact(key);
        if (declared.isEmpty()) {
          out.add(new Problem(List.copyOf(path), where + " has no fact '" + key + "'" + suggestion(s, key)));
        } else {
          check(declared.get().type(), e.getValue(), mode, where + "." + key, path, out);
        }
        path.remove(path.size() - 1);
      }
      if (mode == Mode.COMPLETE) {
        for (Fact f : s.facts()) {
          if (!m.containsKey(f.name())) out.add(new Problem(List.copyOf(path), where + " lacks the fact '" + f.name() + "'"));
        }
      }
    } else if (type instanceof ListOf l) {
      List<?> list = (List<?>) value;
      for (int i = 0; i < list.size(); i++) {
        path.add(i);
        check(l.element(), list.get(i), mode, where + "[" + i + "]", path, out);
        path.remove(path.size() - 1);
      }
    } else if (type instanceof MapOf mo) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        path.add(String.valueOf(e.getKey()));
        check(mo.value(), e.getValue(), mode, where + "['" + e.getKey() + "']", path, out);
        path.remove(path.size() - 1);
      }
    }
  }

  private static boolean matches(FactType type, Object v) {
    if (type == Scalar.STRING) return v instanceof String;
    if (type == Scalar.BOOL) return v instanceof Boolean;
    if (type == Scalar.INT) return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof BigInteger;
    if (type instanceof ListOf) return v instanceof List<?>;
    return v instanceof Map<?, ?> m && m.keySet().stream().allMatch(k -> k instanceof String);
  }

  private static String kindOf(Object v) {
    if (v == null) return "null";
    if (v instanceof String) return "a string";
    if (v instanceof Boolean) return "a bool";
    if (v instanceof Number n) return n instanceof Double || n instanceof Float || n instanceof java.math.BigDecimal ? "a double" : "an int";
    if (v instanceof List<?>) return "a list";
    if (v instanceof Map<?, ?>) return "a map";
    return "a " + v.getClass().getSimpleName();
  }
}
