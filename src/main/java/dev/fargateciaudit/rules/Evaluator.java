package dev.fargateciaudit.rules;

import dev.fargateciaudit.derive.Subject;
import dev.fargateciaudit.derive.Subjects;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.ResourceRef;
import dev.fargateciaudit.findings.Status;
import dev.fargateciaudit.inventory.CollectionError;
import dev.fargateciaudit.inventory.Inventory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Evaluates every rule on every subject of its type, subjects in parallel. Fails closed: a rule
 * whose needed services had failed reads is ERROR on each subject (or once for the account when
 * there is no subject, since a failed listing yields none); a subject with its own gaps is ERROR.
 * A rule that judged no subject gives one NOT_APPLICABLE finding.
 */
public final class Evaluator {
  private final String account;
  private final List<CollectionError> errors;
  private final LongAdder evaluations = new LongAdder();

  public Evaluator(Inventory inventory) {
    this.account = inventory.meta() == null ? null : inventory.meta().accountId();
    this.errors = inventory.collectionErrors();
  }

  public long evaluations() {
    return evaluations.sum();
  }

  public List<Finding> evaluate(CompiledRule rule, Subjects subjects) {
    List<Subject> list = subjects.of(rule.type());
    List<CollectionError> blocking = blocking(rule);
    List<Finding> out = new ArrayList<>();
    if (!blocking.isEmpty()) {
      if (list.isEmpty()) {
        out.add(error(rule, null, blocking, null));
      } else {
        for (Subject s : list) out.add(error(rule, s, blocking, null));
      }
      return out;
    }
    List<Finding> judged = (list.size() > 64 ? list.parallelStream() : list.stream())
        .map(s -> judge(rule, s))
        .filter(f -> f != null)
        .toList();
    if (judged.isEmpty()) {
      String region = list.isEmpty() ? null : list.get(0).region();
      return List.of(new Finding(rule.rule().id(), rule.rule().title(), rule.rule().area(), rule.rule().severity(),
          Status.NOT_APPLICABLE, account == null ? null : new ResourceRef(account, "AWS::::Account", null, account, region),
          "no " + rule.type().label() + " in the CI estate" + (list.isEmpty() ? "" : " matches this rule"),
          Map.of(), rule.rule().remediation(), null, null, false));
    }
    return judged;
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

  private Finding judge(CompiledRule rule, Subject s) {
    if (!s.gaps().isEmpty()) return error(rule, s, s.gaps(), null);
    evaluations.increment();
    CompiledRule.Result r = rule.evaluate(s.fields());
    return switch (r.outcome()) {
      case SKIP -> null;
      case ERROR -> error(rule, s, List.of(), r.error());
      case PASS -> finding(rule, s, Status.PASS, s.name() + ": " + rule.rule().title(), Map.of());
      case FAIL -> {
        Finding f = finding(rule, s, Status.FAIL, rule.message(s.fields()), rule.evidence(s.fields()));
        var planned = rule.plannedSource(s.fields());
        yield planned == null ? f : new Finding(f.ruleId(), f.title(), f.area(), f.severity(), f.status(), f.resource(),
            f.message(), f.evidence(), f.remediation(), f.waiver(), planned, f.isNew());
      }
    };
  }

  private Finding finding(CompiledRule rule, Subject s, Status status, String message, Map<String, String> evidence) {
    return new Finding(rule.rule().id(), rule.rule().title(), rule.rule().area(), rule.rule().severity(), status,
        ref(s), message, evidence, rule.rule().remediation(), null, s.source(), false);
  }

  private ResourceRef ref(Subject s) {
    return new ResourceRef(s.id(), s.resourceType(), s.name(), account, s.region());
  }

  private Finding error(CompiledRule rule, Subject s, List<CollectionError> cause, String detail) {
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
    ResourceRef res = s != null ? ref(s)
        : account == null ? null : new ResourceRef(account, "AWS::::Account", null, account, null);
    return new Finding(rule.rule().id(), rule.rule().title(), rule.rule().area(), rule.rule().severity(), Status.ERROR,
        res, msg.toString(), ev, rule.rule().remediation(), null, s == null ? null : s.source(), false);
  }
}
