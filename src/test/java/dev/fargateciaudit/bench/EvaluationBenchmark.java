package dev.fargateciaudit.bench;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.derive.Derivation;
import dev.fargateciaudit.derive.Subjects;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.rules.Evaluation;
import dev.fargateciaudit.rules.EvaluationResult;
import dev.fargateciaudit.rules.RuleSet;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The evaluation hot path: every built-in rule on every subject of a synthetic estate (the
 * subjects derived once), and the derive step on its own. The {@code evaluations} counter gives
 * (rule, subject) evaluations per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EvaluationBenchmark {
  @Param({"1000"})
  int scale;

  Inventory inventory;
  RuleSet rules;
  Subjects subjects;
  LocalDate today = LocalDate.of(2026, 1, 1);

  /** Counts (rule, subject) evaluations, reported by JMH as a rate next to the op rate. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counters {
    public long evaluations;

    @Setup(Level.Iteration)
    public void clear() {
      evaluations = 0;
    }
  }

  @Setup
  public void setUp() {
    inventory = Estates.inventory(scale);
    rules = RuleSet.load(List.of());
    subjects = Derivation.derive(inventory, AuditConfig.DEFAULTS);
  }

  @Benchmark
  public EvaluationResult evaluate(Counters counters) {
    EvaluationResult r = Evaluation.evaluate(rules, subjects, inventory, List.of(), today);
    counters.evaluations += r.evaluations();
    return r;
  }

  @Benchmark
  public Subjects derive() {
    return Derivation.derive(inventory, AuditConfig.DEFAULTS);
  }
}
