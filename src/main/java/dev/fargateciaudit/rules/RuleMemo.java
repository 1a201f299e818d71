package dev.fargateciaudit.rules;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The outcomes of one rule in one evaluation run, keyed by the projection of each subject onto what
 * the rule reads ({@link SubjectReads}): a subject whose projection was judged before gets that
 * outcome without running CEL. Most subjects of an estate repeat a handful of shapes (a security
 * group's rules, a task's containers' flags), and building a projection costs a fraction of
 * interpreting the expression (docs/performance.md has what it saves).
 *
 * <p>Right only because a rule's outcome is a function of what it reads: CEL's own functions are
 * pure, and so must be every function {@link CelEnvironment} adds ({@code CelEnvironmentTest}
 * holds the list of those reviewed as pure).
 *
 * <p>Thread-safe: the evaluation's workers share one memo per rule. It stops growing at
 * {@link #MAX_ENTRIES} distinct projections (later new ones are evaluated, not kept), and a rule that
 * reads its subject whole is never memoised (its projection would be the subject).
 */
final class RuleMemo {
  static final int MAX_ENTRIES = 1 << 16;

  private final CompiledRule rule;
  private final SubjectReads reads;
  private final ConcurrentHashMap<SubjectReads.Projection, CompiledRule.Result> outcomes;
  private final LongAdder evaluated;

  /**
   * @param memoise false evaluates every subject (the memo only counts)
   * @param evaluated counts the subjects on which CEL actually ran
   */
  RuleMemo(CompiledRule rule, boolean memoise, LongAdder evaluated) {
    this.rule = rule;
    this.reads = !memoise || rule.reads().readsWhole() ? null : rule.reads();
    this.outcomes = reads == null ? null : new ConcurrentHashMap<>();
    this.evaluated = evaluated;
  }

  /** The rule's outcome on {@code fields}: remembered for an equal projection, else evaluated. */
  CompiledRule.Result evaluate(Map<String, Object> fields) {
    if (reads == null) return run(fields);
    SubjectReads.Projection key = reads.project(fields);
    CompiledRule.Result known = outcomes.get(key);
    if (known != null) return known;
    CompiledRule.Result r = run(fields);
    if (outcomes.size() < MAX_ENTRIES) outcomes.putIfAbsent(key, r);
    return r;
  }

  private CompiledRule.Result run(Map<String, Object> fields) {
    evaluated.increment();
    return rule.evaluate(fields);
  }
}
