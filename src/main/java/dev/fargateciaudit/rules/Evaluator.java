package dev.fargateciaudit.rules;

import dev.fargateciaudit.derive.Subject;
import dev.fargateciaudit.derive.SubjectPart;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Evaluates every rule on every subject of its type. Fails closed: a failed read of a service a rule
 * needs that concerns no single resource makes the rule ERROR on each subject whose facts may hold
 * data of the failed read's region ({@link Subject#regions}: its own region and the regions whose
 * data it reads; every region for a subject of no region); a failed read of no audited region (IAM's
 * {@code global}, or none recorded, as in older snapshots) blocks every subject. A failed read that
 * blocked no subject is one ERROR for the account, since a failed listing yields no subject of its
 * region. A subject with its own gaps is ERROR. A rule that judged no subject gives one NOT_APPLICABLE
 * finding.
 *
 * <p>The work is cut into parts of the subjects of one type, each a task that judges its subjects by
 * every rule of their type, so that every core stays busy and a subject is read while it is in
 * cache; parts may be built by the task itself (the derive step's parts), so that subjects are
 * dropped as soon as they are judged. A
 * rule's outcome is memoised by what it reads of the subject ({@link RuleMemo}). A PASS costs one
 * small record: the resource reference is shared by every finding on the subject, and message and
 * evidence are rendered only for FAIL and ERROR.
 */
public final class Evaluator {
  /** Subjects per task: enough to amortise scheduling, few enough to share one subject type over the cores. */
  static final int CHUNK = 256;

  private final String account;
  private final List<CollectionError> errors;
  /** The regions the inventory was read in: only a failed read of one of them can be narrowed to its region. */
  private final Set<String> auditedRegions;
  private final LongAdder evaluations = new LongAdder();
  private final LongAdder celEvaluations = new LongAdder();
  private final LongAdder subjects = new LongAdder();

  private final boolean memoise;

  public Evaluator(Inventory inventory) {
    this(inventory, true);
  }

  /** @param memoise whether subjects that repeat what a rule reads share one evaluation ({@link RuleMemo}) */
  Evaluator(Inventory inventory, boolean memoise) {
    this.memoise = memoise;
    this.account = inventory.meta() == null ? null : inventory.meta().accountId();
    this.errors = inventory.collectionErrors();
    this.auditedRegions = inventory.meta() == null ? Set.of() : Set.copyOf(inventory.meta().regions());
  }

  /** (rule, subject) pairs judged: whose where and check were evaluated or answered by the memo. */
  public long evaluations() {
    return evaluations.sum();
  }

  /** Of {@link #evaluations()}, those on which CEL actually ran (the rest repeated a projection judged before). */
  public long celEvaluations() {
    return celEvaluations.sum();
  }

  /** Subjects judged, over every call. */
  public long subjects() {
    return subjects.sum();
  }

  /** The findings of one rule, subjects in derive order. */
  public List<Finding> evaluate(CompiledRule rule, Subjects subjects) {
    return evaluateAll(List.of(rule), subjects, null).get(0);
  }

  /**
   * The findings of every rule, in rule order and, within a rule, in subject order.
   *
   * @param pool runs the tasks, each a chunk of {@link #CHUNK} subjects judged by every rule of
   *     their type; null runs them in the calling thread
   */
  public List<List<Finding>> evaluateAll(Collection<CompiledRule> ruleSet, Subjects subjects, ForkJoinPool pool) {
    List<SubjectPart> parts = new ArrayList<>();
    for (SubjectType type : SubjectType.values()) {
      for (List<Subject> chunk : SubjectPart.slices(subjects.of(type), CHUNK)) parts.add(new SubjectPart(type, () -> chunk));
    }
    return evaluateParts(ruleSet, parts, pool);
  }

  /**
   * The findings of every rule, in rule order and, within a rule, in subject order, of the subjects
   * {@code parts} build (see {@link dev.fargateciaudit.derive.Derivation#parts}). Each part is one
   * task: built, judged by every rule of its type while its subjects are in the core's cache, and
   * dropped, so that no subject outlives its part: the subjects of an estate never all live at once.
   *
   * @param pool runs the parts, in the order given; null runs them in the calling thread
   */
  public List<List<Finding>> evaluateParts(Collection<CompiledRule> ruleSet, List<SubjectPart> parts, ForkJoinPool pool) {
    List<CompiledRule> rules = List.copyOf(ruleSet);
    Map<SubjectType, List<Judged>> byType = new EnumMap<>(SubjectType.class);
    List<Judged> judged = new ArrayList<>(rules.size());
    int[] indexInType = new int[rules.size()];
    for (int i = 0; i < rules.size(); i++) {
      CompiledRule rule = rules.get(i);
      Judged j = new Judged(rule, new RuleMemo(rule, memoise, celEvaluations), blocking(rule));
      List<Judged> ofType = byType.computeIfAbsent(rule.type(), t -> new ArrayList<>());
      indexInType[i] = ofType.size();
      ofType.add(j);
      judged.add(j);
    }
    List<Judgement> done = run(parts.stream()
        .map(part -> (Supplier<Judgement>) () -> judge(part, byType.getOrDefault(part.type(), List.of())))
        .toList(), pool);
    // Per type, the parts' findings rule by rule, in part (so subject) order.
    Map<SubjectType, List<Judgement>> doneByType = new EnumMap<>(SubjectType.class);
    for (Judgement j : done) doneByType.computeIfAbsent(j.type(), t -> new ArrayList<>()).add(j);
    List<List<Finding>> out = new ArrayList<>(rules.size());
    for (int i = 0; i < judged.size(); i++) {
      Judged j = judged.get(i);
      List<Judgement> ofType = doneByType.getOrDefault(j.rule().type(), List.of());
      int ruleIndex = indexInType[i];
      List<Finding> findings = new ArrayList<>();
      int count = 0;
      String firstRegion = null;
      List<CollectionError> blockedNone = new ArrayList<>(j.blocking());
      for (Judgement part : ofType) {
        if (count == 0 && part.count() > 0) firstRegion = part.firstRegion();
        count += part.count();
        for (Finding f : part.findings()[ruleIndex]) {
          if (f != null) findings.add(f);
        }
        blockedNone.removeIf(e -> part.regionsRead().blockedBy(narrowedTo(e)));
      }
      if (!blockedNone.isEmpty()) findings.add(error(j.rule(), null, null, blockedNone, null));
      if (findings.isEmpty()) {
        out.add(List.of(notApplicable(j.rule(), count > 0, firstRegion)));
      } else {
        out.add(findings);
      }
    }
    return out;
  }

  private static <T> List<T> run(List<Supplier<T>> tasks, ForkJoinPool pool) {
    if (pool == null || tasks.size() <= 1) return tasks.stream().map(Supplier::get).toList();
    List<ForkJoinTask<T>> submitted = new ArrayList<>(tasks.size());
    for (Supplier<T> t : tasks) submitted.add(pool.submit(t::get));
    List<T> out = new ArrayList<>(submitted.size());
    for (ForkJoinTask<T> f : submitted) out.add(f.join());
    return out;
  }

  /**
   * One part judged: its findings by rule of its type (the rule's index in its type's list) and by
   * subject, null where a rule's {@code where} skipped the subject; its subject count, the region
   * of its first subject and the regions its subjects read.
   */
  private record Judgement(SubjectType type, Finding[][] findings, int count, String firstRegion, RegionsRead regionsRead) {}

  /** The regions some subjects' facts were built from: every region, or those named (none without subjects). */
  private record RegionsRead(boolean every, Set<String> regions) {
    static RegionsRead of(List<Subject> subjects) {
      Set<String> regions = new HashSet<>();
      for (Subject s : subjects) {
        if (s.regions().isEmpty()) return new RegionsRead(true, Set.of());
        regions.addAll(s.regions());
      }
      return new RegionsRead(false, regions);
    }

    /** Whether a failed read of {@code region} (null: of no audited region) blocked one of these subjects. */
    boolean blockedBy(String region) {
      return every || !regions.isEmpty() && (region == null || regions.contains(region));
    }
  }

  /** The audited region a failed read narrows to, or null when it blocks every subject. */
  private String narrowedTo(CollectionError e) {
    return e.region() != null && auditedRegions.contains(e.region()) ? e.region() : null;
  }

  /** The errors of {@code blocking} that block {@code s}: those of a region its facts read, and those of no audited region. */
  private List<CollectionError> blocking(List<CollectionError> blocking, Subject s) {
    if (blocking.isEmpty() || s.regions().isEmpty()) return blocking;
    List<CollectionError> out = new ArrayList<>(blocking.size());
    for (CollectionError e : blocking) {
      String region = narrowedTo(e);
      if (region == null || s.reads(region)) out.add(e);
    }
    return out;
  }

  private Judgement judge(SubjectPart part, List<Judged> rules) {
    List<Subject> list = part.build();
    subjects.add(list.size());
    Finding[][] out = new Finding[rules.size()][list.size()];
    long n = 0;
    for (int i = 0; i < list.size(); i++) {
      Subject s = list.get(i);
      ResourceRef ref = ref(s);
      // A pass names the same resource without its scope reasons: they would be most of findings.json.
      ResourceRef passRef = ref.scope().isEmpty() ? ref : new ResourceRef(s.id(), s.resourceType(), s.name(), account, s.region());
      for (int r = 0; r < rules.size(); r++) {
        Judged j = rules.get(r);
        List<CollectionError> blocking = blocking(j.blocking(), s);
        if (!blocking.isEmpty()) {
          out[r][i] = error(j.rule(), s, ref, blocking, null);
        } else if (!s.gaps().isEmpty()) {
          out[r][i] = error(j.rule(), s, ref, s.gaps(), null);
        } else {
          out[r][i] = judge(j.rule(), j.memo().evaluate(s.fields()), s, ref, passRef);
          n++;
        }
      }
    }
    evaluations.add(n);
    return new Judgement(part.type(), out, list.size(), list.isEmpty() ? null : list.get(0).region(), RegionsRead.of(list));
  }

  /** A rule that judged no subject: one finding for the account. */
  private Finding notApplicable(CompiledRule rule, boolean hadSubjects, String region) {
    return new Finding(rule.rule().id(), rule.rule().title(), rule.rule().area(), rule.rule().severity(),
        Status.NOT_APPLICABLE, account == null ? null : new ResourceRef(account, "AWS::::Account", null, account, region),
        "no " + rule.type().label() + " in the CI estate" + (hadSubjects ? " matches this rule" : ""),
        Map.of(), null, null, null, false);
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

  /** A rule being evaluated: its memo for this run, and the collection errors that block it. */
  private record Judged(CompiledRule rule, RuleMemo memo, List<CollectionError> blocking) {}

  private Finding judge(CompiledRule rule, CompiledRule.Result r, Subject s, ResourceRef ref, ResourceRef passRef) {
    Rule info = rule.rule();
    return switch (r.outcome()) {
      case SKIP -> null;
      case ERROR -> error(rule, s, ref, List.of(), r.error());
      case PASS -> Finding.pass(info.id(), info.title(), info.area(), info.severity(), passRef, s.source());
      case FAIL -> {
        var planned = rule.plannedSource(s.fields());
        yield new Finding(info.id(), info.title(), info.area(), info.severity(), Status.FAIL, ref,
            rule.message(s.fields()), rule.evidence(s.fields()), rule.remediation(s.fields()), null,
            planned == null ? s.source() : planned, false);
      }
    };
  }

  private ResourceRef ref(Subject s) {
    return new ResourceRef(s.id(), s.resourceType(), s.name(), account, s.region(), s.scope());
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
