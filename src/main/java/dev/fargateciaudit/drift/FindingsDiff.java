package dev.fargateciaudit.drift;

import dev.fargateciaudit.findings.AppliedWaiver;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.FindingKey;
import dev.fargateciaudit.findings.FindingOrder;
import dev.fargateciaudit.findings.Status;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What changed between two runs, by {@link Finding#key()}. "Failing" means {@code FAIL} or
 * {@code WAIVED} (an accepted failure is still a failure).
 *
 * @param newFailures failing now, not failing before (new resources included)
 * @param fixed failing before (the earlier finding); now passing, not applicable, or gone from the estate
 * @param stillFailing failing in both
 * @param nowError failing before and now {@code ERROR}: not known to be fixed
 * @param expiringWaivers waivers in the later run that expire within {@code windowDays} of {@code today}
 */
public record FindingsDiff(
    List<Finding> newFailures,
    List<Fixed> fixed,
    List<Finding> stillFailing,
    List<Finding> nowError,
    List<ExpiringWaiver> expiringWaivers,
    LocalDate today,
    int windowDays) {

  public static final int DEFAULT_WINDOW_DAYS = 14;

  /** @param now the later status ({@code PASS}, {@code NOT_APPLICABLE}) or {@code GONE} when the later run has no such finding */
  public record Fixed(Finding finding, String now) {}

  /** A waiver and the findings it covers in the later run. */
  public record ExpiringWaiver(AppliedWaiver waiver, long daysLeft, List<String> findings) {}

  public static FindingsDiff between(List<Finding> before, List<Finding> after, LocalDate today, int windowDays) {
    Map<String, Finding> was = index(before);
    Map<String, Finding> now = index(after);
    List<Finding> added = now.values().stream()
        .filter(FindingsDiff::failing)
        .filter(f -> !failing(was.get(f.key())))
        .sorted(FindingOrder.STANDARD).toList();
    List<Finding> still = now.values().stream()
        .filter(FindingsDiff::failing)
        .filter(f -> failing(was.get(f.key())))
        .sorted(FindingOrder.STANDARD).toList();
    List<Fixed> fixed = was.values().stream()
        .filter(FindingsDiff::failing)
        .filter(f -> !now.containsKey(f.key()) || (!failing(now.get(f.key())) && now.get(f.key()).status() != Status.ERROR))
        .sorted(FindingOrder.STANDARD)
        .map(f -> new Fixed(f, now.containsKey(f.key()) ? now.get(f.key()).status().name() : "GONE"))
        .toList();
    List<Finding> error = was.values().stream()
        .filter(FindingsDiff::failing)
        .filter(f -> now.containsKey(f.key()) && now.get(f.key()).status() == Status.ERROR)
        .map(f -> now.get(f.key()))
        .sorted(FindingOrder.STANDARD).toList();

    LocalDate horizon = today.plusDays(windowDays);
    Map<AppliedWaiver, List<String>> byWaiver = after.stream()
        .filter(f -> f.waiver() != null && f.waiver().expires() != null)
        .filter(f -> !f.waiver().expires().isBefore(today) && !f.waiver().expires().isAfter(horizon))
        .sorted(FindingOrder.STANDARD)
        .collect(Collectors.groupingBy(Finding::waiver, LinkedHashMap::new,
            Collectors.mapping(f -> f.resource() == null ? f.ruleId() : f.resource().id(), Collectors.toList())));
    List<ExpiringWaiver> expiring = byWaiver.entrySet().stream()
        .map(e -> new ExpiringWaiver(e.getKey(), ChronoUnit.DAYS.between(today, e.getKey().expires()), e.getValue()))
        .sorted(Comparator.comparing((ExpiringWaiver w) -> w.waiver().expires()).thenComparing(w -> w.waiver().ruleId()))
        .toList();
    return new FindingsDiff(added, fixed, still, error, expiring, today, windowDays);
  }

  /**
   * One finding per key ({@link FindingKey#representatives}): a planned revision speaks for its family,
   * else the failing one of two findings with one key (a rule reporting a resource twice, two
   * revisions of a family) wins.
   */
  private static Map<String, Finding> index(List<Finding> findings) {
    return FindingKey.representatives(findings);
  }

  static boolean failing(Finding f) {
    return FindingKey.failing(f);
  }
}
