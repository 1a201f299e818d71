package dev.fargateciaudit.rules;

import java.util.ArrayList;
import java.util.List;

/** Runs rules' inline {@code tests:} fixtures: each subject must give the expected outcome. */
public final class FixtureRunner {
  private FixtureRunner() {}

  /** One fixture's result; {@code problem} is null when it passed. */
  public record FixtureResult(String ruleId, String fixture, String problem) {
    public boolean passed() {
      return problem == null;
    }
  }

  public static List<FixtureResult> run(CompiledRule rule) {
    List<FixtureResult> out = new ArrayList<>();
    Rule r = rule.rule();
    boolean pass = false;
    boolean fail = false;
    for (Rule.Fixture f : r.tests()) {
      pass |= f.expect().equals("PASS");
      fail |= f.expect().equals("FAIL");
      out.add(new FixtureResult(r.id(), f.name(), problem(rule, f)));
    }
    if (!pass || !fail) {
      out.add(new FixtureResult(r.id(), "(fixture coverage)", "a rule needs at least one PASS and one FAIL fixture"));
    }
    return out;
  }

  private static String problem(CompiledRule rule, Rule.Fixture f) {
    CompiledRule.Result res = rule.evaluate(f.subject());
    String got = res.outcome().name();
    if (res.outcome() == CompiledRule.Outcome.ERROR) return "expected " + f.expect() + ", got ERROR: " + res.error();
    if (!got.equals(f.expect())) return "expected " + f.expect() + ", got " + got;
    if (res.outcome() == CompiledRule.Outcome.FAIL) {
      String msg;
      try {
        msg = rule.messageStrict(f.subject());
      } catch (Exception e) {
        return "the message cannot be rendered: " + e.getMessage();
      }
      if (f.message() != null && !msg.contains(f.message())) {
        return "message '" + msg + "' does not contain '" + f.message() + "'";
      }
      try {
        rule.remediationStrict(f.subject());
      } catch (Exception e) {
        return "the remediation cannot be rendered: " + e.getMessage();
      }
      for (var e : rule.evidence(f.subject()).entrySet()) {
        if (e.getValue().startsWith("(not available")) return "evidence " + e.getKey() + " " + e.getValue();
      }
    }
    return null;
  }
}
