package dev.fargateciaudit.merge;

import dev.fargateciaudit.findings.AppliedWaiver;
import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.FindingsDocument;
import dev.fargateciaudit.findings.Gate;
import dev.fargateciaudit.findings.ReportMeta;
import dev.fargateciaudit.findings.ResourceRef;
import dev.fargateciaudit.findings.RuleInfo;
import dev.fargateciaudit.findings.Severity;
import dev.fargateciaudit.findings.Status;
import dev.fargateciaudit.findings.WaiverReport;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.inventory.CollectionError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Combines the results of several audits (one per account and region, typically GitLab CI parallel
 * jobs) into one report. Every finding carries its account and region: taken from the finding, else
 * from its shard's run when that run covered exactly one account (region); IAM resources, which are
 * global, get region {@code global}. A key reported by two shards (an IAM role seen from the shards of
 * two regions) is kept once, the worst status winning.
 */
public final class ReportMerge {
  /** One input: its findings.json and a label for messages (its folder). */
  public record Shard(String label, FindingsDocument document) {}

  /** Worst first: what the merged report keeps when shards disagree about one key. */
  private static final List<Status> SEVERITY_OF_STATUS =
      List.of(Status.FAIL, Status.ERROR, Status.WAIVED, Status.PASS, Status.NOT_APPLICABLE);

  /** The region of resources that have none (IAM). */
  public static final String GLOBAL = "global";

  private ReportMerge() {}

  public static AuditReport merge(List<Shard> shards, String failOn, boolean allowIncomplete, Instant now) {
    if (shards.isEmpty()) throw new IllegalArgumentException("merge needs at least one results folder");
    Severity threshold = Gate.parseFailOn(failOn);
    Map<String, RuleInfo> rules = new TreeMap<>();
    Map<String, Finding> findings = new LinkedHashMap<>();
    List<CollectionError> errors = new ArrayList<>();
    Set<AppliedWaiver> expired = new LinkedHashSet<>();
    Set<AppliedWaiver> unmatched = new LinkedHashSet<>();
    Set<String> accounts = new TreeSet<>();
    Set<String> regions = new TreeSet<>();
    Set<String> rulesHashes = new TreeSet<>();
    Set<String> versions = new TreeSet<>();
    Map<String, Long> apiCalls = new TreeMap<>();
    long millis = 0;
    Set<String> scopeGaps = new LinkedHashSet<>();

    for (Shard s : shards) {
      FindingsDocument d = s.document();
      ReportMeta m = d.meta();
      if (m == null) throw new BadInputException(s.label(), 1, 1, "findings.json has no meta (expected the output of audit)");
      accounts.addAll(m.accounts());
      regions.addAll(m.regions());
      if (m.rulesHash() != null) rulesHashes.add(m.rulesHash());
      if (m.toolVersion() != null) versions.add(m.toolVersion());
      m.apiCalls().forEach((k, v) -> apiCalls.merge(k, v, Long::sum));
      millis += m.collectionMillis();
      if (d.rules() != null) for (RuleInfo r : d.rules()) rules.putIfAbsent(r.id(), r);
      if (d.findings() != null) {
        for (Finding f : d.findings()) {
          Finding located = locate(f, m, s.label());
          // The stable key, and the exact resource: two revisions of a family stay two findings.
          findings.merge(located.key() + "|" + located.resource().id(), located, ReportMerge::worse);
        }
      }
      if (d.collectionErrors() != null) errors.addAll(d.collectionErrors());
      scopeGaps.addAll(d.scopeGaps());
      if (d.waivers() != null) {
        expired.addAll(d.waivers().expired());
        unmatched.addAll(d.waivers().unmatched());
      }
    }
    // A waiver is unmatched only if no shard used it.
    Set<AppliedWaiver> used = new LinkedHashSet<>();
    for (Finding f : findings.values()) if (f.waiver() != null) used.add(f.waiver());
    unmatched.removeAll(used);

    List<Finding> all = List.copyOf(findings.values());
    int exit = Gate.exitCode(all, threshold, allowIncomplete, false, scopeGaps);
    ReportMeta meta = new ReportMeta(
        String.join(",", versions),
        rulesHashes.size() <= 1 ? rulesHashes.stream().findFirst().orElse(null) : "mixed:" + String.join(",", rulesHashes),
        now, "merged", List.copyOf(accounts), List.copyOf(regions), apiCalls, millis,
        threshold == null ? "never" : threshold.label(), exit);
    return new AuditReport(meta, List.copyOf(rules.values()), all, errors,
        new WaiverReport(List.copyOf(expired), List.copyOf(unmatched)), null, null, null, List.copyOf(scopeGaps));
  }

  private static Finding locate(Finding f, ReportMeta m, String label) {
    ResourceRef r = f.resource();
    String account = r == null ? null : r.account();
    String region = r == null ? null : r.region();
    if (blank(account)) account = m.accounts().size() == 1 ? m.accounts().get(0) : null;
    if (blank(region)) region = global(r) ? GLOBAL : m.regions().size() == 1 ? m.regions().get(0) : null;
    if (blank(account) || blank(region)) {
      throw new BadInputException(label, 0, 0, "finding " + f.ruleId() + " on " + (r == null ? "no resource" : r.id())
          + " has no " + (blank(account) ? "account" : "region") + " and its run covered "
          + (blank(account) ? m.accounts() : m.regions()) + " (expected one per shard, or findings that name theirs)");
    }
    if (r != null && account.equals(r.account()) && region.equals(r.region())) return f;
    ResourceRef located = r == null
        ? new ResourceRef(null, null, null, account, region)
        : new ResourceRef(r.id(), r.type(), r.name(), account, region, r.scope());
    return new Finding(f.ruleId(), f.title(), f.area(), f.severity(), f.status(), located, f.message(), f.evidence(),
        f.remediation(), f.waiver(), f.source(), f.isNew());
  }

  private static boolean global(ResourceRef r) {
    return r != null && ((r.type() != null && r.type().startsWith("AWS::IAM::"))
        || (r.id() != null && r.id().matches("arn:[a-z-]+:iam::.*")));
  }

  private static Finding worse(Finding a, Finding b) {
    return SEVERITY_OF_STATUS.indexOf(b.status()) < SEVERITY_OF_STATUS.indexOf(a.status()) ? b : a;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
