package dev.fargateciaudit.corpus;

import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a correct tool reports on an estate at the default gate ({@code --fail-on high}), and no
 * {@code ERROR} anywhere:
 *
 * <ul>
 *   <li>{@code gate}: exactly the FAIL findings of severity high or critical, by (rule, resource).
 *       Empty for a correct estate, which therefore exits 0; a wrong estate with any exits 1.
 *   <li>{@code advice}: FAIL findings below the gate that must be among the findings: a real but
 *       minor mistake, or stricter advice the severity policy of #28 keeps visible at low or info
 *       (an AWS baseline managed policy's broad actions, tcp/2049 on a task group from a CI source).
 *       Other below-gate FAILs are allowed: which advice a rule gives is the rule author's call,
 *       unless {@code adviceExact}: then they are exactly these.
 * </ul>
 */
record Expectation(Set<Hit> gate, Set<Hit> advice, boolean adviceExact) {
  /** One rule failing on one resource. */
  record Hit(String rule, Resource resource) {
    @Override
    public String toString() {
      return rule + " on " + resource;
    }
  }

  static final Comparator<Hit> ORDER = Comparator.comparing(Hit::rule).thenComparing(h -> h.resource().id())
      .thenComparing(h -> h.resource().type());

  static Hit fail(String rule, Resource resource) {
    return new Hit(rule, resource);
  }

  /** A correct estate: nothing fails at the gate. */
  static Expectation passesTheGate() {
    return new Expectation(Set.of(), Set.of(), false);
  }

  static Expectation gate(Hit... hits) {
    return new Expectation(sorted(hits), Set.of(), false);
  }

  Expectation withAdvice(Hit... hits) {
    return new Expectation(gate, sorted(hits), adviceExact);
  }

  /** This expectation with no FAIL below the gate but its advice: for an estate built to hold one rule to account. */
  Expectation andNothingElseBelowTheGate() {
    return new Expectation(gate, advice, true);
  }

  int exitCode() {
    return gate.isEmpty() ? 0 : 1;
  }

  private static Set<Hit> sorted(Hit... hits) {
    Set<Hit> s = new TreeSet<>(ORDER);
    s.addAll(java.util.List.of(hits));
    if (s.size() != hits.length) throw new IllegalArgumentException("a hit is listed twice");
    return java.util.Collections.unmodifiableSet(s);
  }
}
