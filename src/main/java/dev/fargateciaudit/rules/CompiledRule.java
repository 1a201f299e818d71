package dev.fargateciaudit.rules;

import dev.cel.common.CelErrorCode;
import dev.cel.common.CelException;
import dev.cel.common.exceptions.CelIterationLimitExceededException;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import dev.fargateciaudit.derive.SubjectType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A rule with every expression compiled once (a precompiled message, remediation or evidence
 * expression when first rendered); evaluation is thread-safe and allocation-light.
 */
public final class CompiledRule {
  /** The outcome of the rule on one subject's fields. */
  public enum Outcome { PASS, FAIL, SKIP, ERROR }

  /** An outcome and, for ERROR, what went wrong. */
  public record Result(Outcome outcome, String error) {
    static final Result PASS = new Result(Outcome.PASS, null);
    static final Result FAIL = new Result(Outcome.FAIL, null);
    static final Result SKIP = new Result(Outcome.SKIP, null);
  }

  private final Rule rule;
  private final SubjectType type;
  private final Set<String> needs;
  private final CelRuntime.Program where;
  private final CelRuntime.Program check;
  private final SubjectReads reads;
  private final MessageTemplate message;
  /** The remediation when it has {@code {{ }}} placeholders; null when it is plain text. */
  private final MessageTemplate remediation;
  private final Map<String, SubjectExpression> evidence;
  private final byte[] bytes;
  private final SubjectExpression sourceFrom;

  CompiledRule(Rule rule, SubjectType type, CelRuntime.Program where, CelRuntime.Program check, SubjectReads reads,
      MessageTemplate message, MessageTemplate remediation, Map<String, SubjectExpression> evidence,
      SubjectExpression sourceFrom, byte[] bytes) {
    this.remediation = remediation;
    this.sourceFrom = sourceFrom;
    this.rule = rule;
    this.type = type;
    this.needs = rule.needs() == null ? type.services() : Set.copyOf(rule.needs());
    this.where = where;
    this.check = check;
    this.reads = reads;
    this.message = message;
    this.evidence = evidence;
    this.bytes = bytes;
  }

  public Rule rule() { return rule; }
  public SubjectType type() { return type; }
  /** AWS services whose failed reads make this rule ERROR. */
  public Set<String> needs() { return needs; }
  byte[] bytes() { return bytes; }
  /** What {@code where} and {@code check} read of the subject. */
  SubjectReads reads() { return reads; }

  /**
   * The variables of an evaluation: only {@code subject}, resolved on demand, so nothing is copied
   * into an activation per evaluation.
   */
  private static CelVariableResolver vars(Map<String, Object> fields) {
    Optional<Object> subject = Optional.of(fields);
    return name -> CelEnvironment.SUBJECT.equals(name) ? subject : Optional.empty();
  }

  /** Evaluates {@code where} then {@code check} on one subject's fields. */
  public Result evaluate(Map<String, Object> fields) {
    CelVariableResolver vars = vars(fields);
    try {
      if (where != null && !Boolean.TRUE.equals(where.eval(vars))) return Result.SKIP;
      Object ok = check.eval(vars);
      if (ok instanceof Boolean b) return b ? Result.PASS : Result.FAIL;
      return new Result(Outcome.ERROR, "check returned " + ok + " instead of a bool");
    } catch (CelEvaluationException | RuntimeException e) {
      return new Result(Outcome.ERROR, overBudget(e) ? OVER_BUDGET : "evaluation failed: " + oneLine(e.getMessage()));
    }
  }

  static final String OVER_BUDGET = "the rule's expression went over its budget of "
      + String.format("%,d", CelEnvironment.MAX_ITERATIONS) + " comprehension iterations on this subject";

  private static boolean overBudget(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CelIterationLimitExceededException) return true;
      if (t instanceof CelException c && c.getErrorCode() == CelErrorCode.ITERATION_BUDGET_EXCEEDED) return true;
    }
    return false;
  }

  /** The failure message for a subject; a template that cannot render falls back to the title. */
  public String message(Map<String, Object> fields) {
    try {
      return message.render(vars(fields));
    } catch (CelEvaluationException | RuntimeException e) {
      return rule.title() + " (message could not be rendered: " + oneLine(e.getMessage()) + ")";
    }
  }

  /**
   * What to do about this subject's failure: the rule's remediation with its placeholders filled
   * from the subject, so it names the subject's own roles, actions, account and region; one that
   * cannot render is the template as written.
   */
  public String remediation(Map<String, Object> fields) {
    if (remediation == null) return rule.remediation();
    try {
      return remediation.render(vars(fields));
    } catch (CelEvaluationException | RuntimeException e) {
      return rule.remediation();
    }
  }

  /** Renders the remediation, throwing when it cannot: for fixtures. */
  String remediationStrict(Map<String, Object> fields) throws CelEvaluationException {
    return remediation == null ? rule.remediation() : remediation.render(vars(fields));
  }

  /** Renders the evidence expressions; one that cannot be evaluated says so instead of aborting. */
  public Map<String, String> evidence(Map<String, Object> fields) {
    Map<String, String> out = new LinkedHashMap<>();
    CelVariableResolver vars = vars(fields);
    for (var e : evidence.entrySet()) {
      try {
        out.put(e.getKey(), MessageTemplate.format(e.getValue().eval(vars)));
      } catch (CelEvaluationException | RuntimeException ex) {
        out.put(e.getKey(), "(not available: " + oneLine(ex.getMessage()) + ")");
      }
    }
    return out;
  }

  /**
   * The planned file a failure should point at, from {@code sourceFrom}; null when the rule has none
   * or it names no planned part (the subject's own source applies).
   */
  public dev.fargateciaudit.inventory.Source plannedSource(Map<String, Object> fields) {
    if (sourceFrom == null) return null;
    try {
      Object v = sourceFrom.eval(vars(fields));
      if (v instanceof java.util.List<?> l) v = l.isEmpty() ? null : l.get(0);
      if (v instanceof Map<?, ?> m && m.get("plannedFile") instanceof String f && !f.isEmpty()) {
        Object ptr = m.get("plannedPointer");
        return dev.fargateciaudit.inventory.Source.planned(f, ptr == null ? null : ptr.toString());
      }
    } catch (CelEvaluationException | RuntimeException e) {
      return null;
    }
    return null;
  }

  /** Renders the message, throwing when it cannot: for fixtures, where a broken template is a bug. */
  String messageStrict(Map<String, Object> fields) throws CelEvaluationException {
    return message.render(vars(fields));
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ");
  }
}
