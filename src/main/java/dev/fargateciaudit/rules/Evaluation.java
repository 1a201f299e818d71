package dev.fargateciaudit.rules;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.derive.Derivation;
import dev.fargateciaudit.derive.SubjectPart;
import dev.fargateciaudit.derive.Subjects;
import dev.fargateciaudit.findings.AppliedWaiver;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.RuleInfo;
import dev.fargateciaudit.findings.Status;
import dev.fargateciaudit.findings.WaiverReport;
import dev.fargateciaudit.inventory.Inventory;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.function.BiFunction;

/** Entry point of the evaluate stage: load rules, derive subjects, evaluate, apply waivers. */
public final class Evaluation {
  private Evaluation() {}

  /**
   * Loads the built-in rules and {@code userRuleDirs}, derives the subjects, evaluates every rule
   * on every subject and applies {@code waiversFile} (may be null) as of {@code today}.
   *
   * @throws dev.fargateciaudit.input.BadInputException for a bad rule or waivers file (exit 2)
   */
  public static EvaluationResult run(
      Inventory inventory, AuditConfig config, List<Path> userRuleDirs, Path waiversFile, LocalDate today) {
    return run(inventory, config, RuleSet.load(userRuleDirs), waiversFile, today);
  }

  /** As above with the rules already loaded (the CLI loads them while it reads the inventory). */
  public static EvaluationResult run(
      Inventory inventory, AuditConfig config, RuleSet rules, Path waiversFile, LocalDate today) {
    List<Waiver> waivers = waiversFile == null ? List.of() : WaiverLoader.load(waiversFile, rules);
    // Each part of the subjects is judged as soon as it is built, and dropped (Evaluator.evaluateParts).
    Derivation.Derived derived = Derivation.prepare(inventory, config);
    List<SubjectPart> parts = derived.parts();
    return evaluate(rules, inventory, waivers, today, derived.scopeGaps(),
        (evaluator, pool) -> evaluator.evaluateParts(rules.rules(), parts, pool));
  }

  /** Evaluates already loaded rules on already derived subjects (what benchmarks time). */
  public static EvaluationResult evaluate(
      RuleSet rules, Subjects subjects, Inventory inventory, List<Waiver> waivers, LocalDate today) {
    return evaluate(rules, inventory, waivers, today, List.of(),
        (evaluator, pool) -> evaluator.evaluateAll(rules.rules(), subjects, pool));
  }

  private static EvaluationResult evaluate(RuleSet rules, Inventory inventory, List<Waiver> waivers, LocalDate today,
      List<String> scopeGaps, BiFunction<Evaluator, ForkJoinPool, List<List<Finding>>> judge) {
    Evaluator evaluator = new Evaluator(inventory);
    List<RuleInfo> infos = rules.rules().stream().map(r -> r.rule().info()).toList();
    // The common pool has one worker on two cores; a pool of our own uses every core.
    ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
    List<List<Finding>> perRule;
    try {
      perRule = judge.apply(evaluator, pool);
    } finally {
      pool.shutdown();
    }
    List<Finding> findings = new ArrayList<>();
    perRule.forEach(findings::addAll);
    List<AppliedWaiver> expired = new ArrayList<>();
    List<Waiver> active = new ArrayList<>();
    for (Waiver w : waivers) {
      if (w.expiredOn(today)) expired.add(w.applied());
      else active.add(w);
    }
    Set<Waiver> used = new HashSet<>();
    List<Finding> out = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      Finding g = f;
      if (f.status() == Status.FAIL) {
        for (Waiver w : active) {
          if (w.matches(f)) {
            g = f.withStatus(Status.WAIVED, w.applied());
            used.add(w);
            break;
          }
        }
      }
      out.add(g);
    }
    List<AppliedWaiver> unmatched = active.stream().filter(w -> !used.contains(w)).map(Waiver::applied).toList();
    return new EvaluationResult(infos, out, new WaiverReport(expired, unmatched), rules.hash(),
        evaluator.subjects(), evaluator.evaluations(), evaluator.celEvaluations(), scopeGaps);
  }
}
