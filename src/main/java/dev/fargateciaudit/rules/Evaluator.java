package dev.fargateciaudit.rules;

import dev.fargateciaudit.derive.Subject;
import dev.fargateciaudit.derive.SubjectType;
import dev.fargateciaudit.derive.Subjects;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.ResourceRef;
import dev.fargateciaudit.findings.Status;
import dev.fargateciaudit.inventory.CollectionError;
import dev.fargateciaudit.inventory.Inventory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.LongAdder;

/**
 * Evaluates every rule on every subject of its type. Fails closed: a rule whose needed services had
 * failed reads is ERROR on each subject (or once for the account when there is no subject, since a
 * failed listing yields none); a subject with its own gaps is ERROR. A rule that judged no subject
 * gives one NOT_APPLICABLE finding.
 *
 * <p>The work is cut into (subject type, chunk of subjects) tasks, each judging its subjects by every
 * rule of their type, so that every core stays busy and a subject is read while it is in cache. A
 * rule's outcome is memoised by what it reads of the subject ({@link RuleMemo}). A PASS costs one
 * small record: the resource reference is shared by every finding on the subject, and message and
 * evidence are rendered only for FAIL and ERROR.
 */
public final class Evaluator {
  /** Subjects per task: enough to amortise scheduling, few enough to share one subject type over the cores. */
  static final int CHUNK = 256;

  private final String account;
  private final List<CollectionError> errors;
  private final LongAdder evaluations = new LongAdder();
  private final LongAdder celEvaluations = new LongAdder();

  private final boolean memoise;

  public Evaluator(Inventory inventory) {
    this(inventory, !RuleMemo.DISABLED);
  }

  /** @param memoise whether subjects that repeat what a rule reads share one evaluation ({@link RuleMemo}) */
  Evaluator(Inventory inventory, boolean memoise) {
    this.memoise = memoise;
    this.account = inventory.meta() == null ? null : inventory.meta().accountId();
    this.errors = inventory.collectionErrors();
  }

  /** (rule, subject) pairs judged: whose where and check were evaluated or answered by the memo. */
  public long evaluations() {
    return evaluations.sum();
  }

  /** Of {@link #evaluations()}, those on which CEL actually ran (the rest repeated a projection judged before). */
  public long celEvaluations() {
    return celEvaluations.sum();
  }

  /** The findings of one rule, subjects in derive order. */
  public List<Finding> evaluate(CompiledRule rule, Subjects subjects) {
    return evaluateAll(List.of(rule), subjects, null).get(0);
  }

  /**
   * The findings of every rule, in rule order and, within a rule, in subject order.
   *
   * @param pool runs the (rule, chunk) tasks; null runs them in the calling thread
   */
  public List<List<Finding>> evaluateAll(Collection<CompiledRule> ruleSet, Subjects subjects, ForkJoinPool pool) {
    List<CompiledRule> rules = List.copyOf(ruleSet);
    Map<SubjectType, ResourceRef[]> refs = new EnumMap<>(SubjectType.class);
    List<List<Finding>> out = new ArrayList<>(rules.size());
    List<Finding[]> slots = new ArrayList<>(rules.size());
    List<Runnable> tasks = new ArrayList<>();
    Map<SubjectType, List<Judged>> byType = new EnumMap<>(SubjectType.class);
    for (CompiledRule rule : rules) {
      List<Subject> list = subjects.of(rule.type());
      List<CollectionError> blocking = blocking(rule);
      if (!blocking.isEmpty()) {
        List<Finding> errs = new ArrayList<>();
        if (list.isEmpty()) {
          errs.add(error(rule, null, null, blocking, null));
        } else {
          for (Subject s : list) errs.add(error(rule, s, ref(s), blocking, null));
        }
        out.add(errs);
        slots.add(null);
        continue;
      }
      refs.computeIfAbsent(rule.type(), t -> refs(list));
      Finding[] judged = new Finding[list.size()];
      byType.computeIfAbsent(rule.type(), t -> new ArrayList<>()).add(new Judged(rule, new RuleMemo(rule, memoise, celEvaluations), judged));
      out.add(null);
      slots.add(judged);
    }
    // One task per chunk of subjects judges them by every rule of their type: a subject's facts are
    // read by its rules one after another while they are in the core's cache.
    byType.forEach((type, judgedRules) -> {
      List<Subject> list = subjects.of(type);
      ResourceRef[] r = refs.get(type);
      for (int from = 0; from < list.size(); from += CHUNK) {
        int start = from;
        int end = Math.min(list.size(), from + CHUNK);
        tasks.add(() -> judge(judgedRules, list, r, start, end));
      }
    });
    run(tasks, pool);
    for (int i = 0; i < rules.size(); i++) {
      if (out.get(i) == null) out.set(i, collect(rules.get(i), subjects.of(rules.get(i).type()), slots.get(i)));
    }
    return out;
  }

  private static void run(List<Runnable> tasks, ForkJoinPool pool) {
    if (pool == null || tasks.size() <= 1) {
      tasks.forEach(Runnable::run);
      return;
    }
    List<ForkJoinTask<?>> submitted = new ArrayList<>(tasks.size());
    for (Runnable t : tasks) submitted.add(pool.submit(t));
    for (ForkJoinTask<?> f : submitted) f.join();
  }

  private ResourceRef[] refs(List<Subject> list) {
    ResourceRef[] r = new ResourceRef[list.size()];
    for (int i = 0; i < r.length; i++) r[i] = ref(list.get(i));
    return r;
  }

  private List<Finding> collect(CompiledRule rule, List<Subject> list, Finding[] judged) {
    List<Finding> out = new ArrayList<>(judged.length);
    for (Finding f : judged) {
      if (f != null) out.add(f);
    }
    if (!out.isEmpty()) return out;
    String region = list.isEmpty() ? null : list.get(0).region();
    return List.of(new Finding(rule.rule().id(), rule.rule().title(), rule.rule().area(), rule.rule().severity(),
        Status.NOT_APPLICABLE, account == null ? null : new ResourceRef(account, "AWS::::Account", null, account, region),
        "no " + rule.type().label() + " in the CI estate" + (list.isEmpty() ? "" : " matches this rule"),
        Map.of(), rule.rule().remediation(), null, null, false));
  }

  /** Collection errors of the services this rule needs that concern no single resource. */
  private List<CollectionError> blocking(CompiledRule rule) {
    List<CollectionError> b = new ArrayList<>();
    for (CollectionError e : errors) {
      if (e.service() == null) continue;
      if (e.resource() != null && !e.resource().isBlank()) continue;
      if (rule.needs().contains(e.service().toLowerCase(Locale.ROOT))) b.add(e);
    }
    return b;
  }

  /** A rule being evaluated: its memo for this run, and its findings by subject index. */
  private record Judged(CompiledRule rule, RuleMemo memo, Finding[] out) {}

  private void judge(List<Judged> rules, List<Subject> list, ResourceRef[] refs, int from, int to) {
    long n = 0;
    for (int i = from; i < to; i++) {
      Subject s = list.get(i);
      if (!s.gaps().isEmpty()) {
        for (Judged j : rules) j.out()[i] = error(j.rule(), s, refs[i], s.gaps(), null);
        continue;
      }
      for (Judged j : rules) j.out()[i] = judge(j.rule(), j.memo().evaluate(s.fields()), s, refs[i]);
      n += rules.size();
    }
    evaluations.add(n);
  }

  private Finding judge(CompiledRule rule, CompiledRule.Result r, Subject s, ResourceRef ref) {
    Rule info = rule.rule();
    return switch (r.outcome()) {
      case SKIP -> null;
      case ERROR -> error(rule, s, ref, List.of(), r.error());
      case PASS -> Finding.pass(info.id(), info.title(), info.area(), info.severity(), ref, info.remediation(), s.source());
      case FAIL -> {
        var planned = rule.plannedSource(s.fields());
        yield new Finding(info.id(), info.title(), info.area(), info.severity(), Status.FAIL, ref,
            rule.message(s.fields()), rule.evidence(s.fields()), info.remediation(), null,
            planned == null ? s.source() : planned, false);
      }
    };
  }

  private ResourceRef ref(Subject s) {
    return new ResourceRef(s.id(), s.resourceType(), s.name(), account, s.region());
  }

  private Finding error(CompiledRule rule, Subject s, ResourceRef ref, List<CollectionError> cause, String detail) {
    Map<String, String> ev = new LinkedHashMap<>();
    StringBuilder msg = new StringBuilder("could not evaluate");
    if (s != null) msg.append(' ').append(rule.type().label()).append(' ').append(s.name());
    if (detail != null) {
      msg.append(": ").append(detail);
    } else {
      CollectionError first = cause.get(0);
      msg.append(": ").append(first.service()).append(' ').append(first.operation()).append(" failed")
          .append(first.region() == null ? "" : " in " + first.region())
          .append(" (").append(first.errorCode()).append(')');
      if (cause.size() > 1) msg.append(" and ").append(cause.size() - 1).append(" more read(s) failed");
      for (int i = 0; i < cause.size() && i < 10; i++) {
        CollectionError e = cause.get(i);
        ev.put("collectionError" + (i + 1), e.service() + " " + e.operation()
            + (e.region() == null ? "" : " " + e.region()) + ": " + e.errorCode()
            + (e.resource() == null ? "" : " (" + e.resource() + ")"));
      }
    }
    ResourceRef res = s != null ? ref
        : account == null ? null : new ResourceRef(account, "AWS::::Account", null, account, null);
    return new Finding(rule.rule().id(), rule.rule().title(), rule.rule().area(), rule.rule().severity(), Status.ERROR,
        res, msg.toString(), ev, rule.rule().remediation(), null, s == null ? null : s.source(), false);
  }
}
