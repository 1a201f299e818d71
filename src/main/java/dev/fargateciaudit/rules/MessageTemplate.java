package dev.fargateciaudit.rules;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelVariableResolver;
import dev.fargateciaudit.derive.SubjectType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A message with {@code {{ expr }}} placeholders, each a CEL expression over {@code subject}
 * compiled once ({@link CelEnvironment#compileValue}: a precompiled one when first rendered). Lists
 * render comma-separated; everything else with {@code toString}.
 */
final class MessageTemplate {
  private final List<String> literals;
  private final List<SubjectExpression> programs;

  private MessageTemplate(List<String> literals, List<SubjectExpression> programs) {
    this.literals = literals;
    this.programs = programs;
  }

  /** @throws CelEnvironment.CompileError with the column counted from the start of the template */
  static MessageTemplate compile(String template, SubjectType type, PrecompiledRules precompiled)
      throws CelEnvironment.CompileError {
    List<String> lits = new ArrayList<>();
    List<SubjectExpression> progs = new ArrayList<>();
    int i = 0;
    while (true) {
      int open = template.indexOf("{{", i);
      if (open < 0) {
        lits.add(template.substring(i));
        break;
      }
      int close = template.indexOf("}}", open + 2);
      if (close < 0) throw new CelEnvironment.CompileError("unclosed '{{' in message", 1, open + 1);
      lits.add(template.substring(i, open));
      String expr = template.substring(open + 2, close);
      try {
        progs.add(CelEnvironment.get().compileValue(expr.strip(), type, precompiled));
      } catch (CelEnvironment.CompileError e) {
        throw new CelEnvironment.CompileError(e.getMessage(), 1, open + 3 + e.column - 1);
      }
      i = close + 2;
    }
    return new MessageTemplate(lits, progs);
  }

  String render(CelVariableResolver vars) throws CelEvaluationException {
    StringBuilder sb = new StringBuilder(literals.get(0));
    for (int k = 0; k < programs.size(); k++) {
      format(programs.get(k).eval(vars), sb);
      sb.append(literals.get(k + 1));
    }
    return sb.toString();
  }

  /** A value as text: a list's elements, a map's {@code key=value} entries, each joined by {@code ", "}. */
  static String format(Object v) {
    if (!(v instanceof Collection<?>) && !(v instanceof Map<?, ?>)) return String.valueOf(v);
    StringBuilder b = new StringBuilder();
    format(v, b);
    return b.toString();
  }

  private static void format(Object v, StringBuilder b) {
    if (v instanceof Collection<?> c) {
      boolean first = true;
      for (Object e : c) {
        if (!first) b.append(", ");
        first = false;
        format(e, b);
      }
    } else if (v instanceof Map<?, ?> m) {
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) b.append(", ");
        first = false;
        b.append(e.getKey()).append('=');
        format(e.getValue(), b);
      }
    } else {
      b.append(v);
    }
  }
}
