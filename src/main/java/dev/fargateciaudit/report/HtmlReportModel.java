package dev.fargateciaudit.report;

import dev.fargateciaudit.findings.AppliedWaiver;
import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.ReportMeta;
import dev.fargateciaudit.findings.ResourceRef;
import dev.fargateciaudit.findings.RuleInfo;
import dev.fargateciaudit.findings.Severity;
import dev.fargateciaudit.findings.Status;
import dev.fargateciaudit.inventory.CollectionError;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What {@code report.ftlh} draws, computed once from an {@link AuditReport}. Every string that can
 * come from the account has been through {@link UntrustedText#visible}; HTML escaping is left to
 * FreeMarker's auto-escaping. PASS findings are collapsed into counts per rule; a rule's
 * non-passing findings beyond {@link #DETAILED_PER_RULE} are listed on one line each, and beyond
 * {@link #COMPACT_PER_RULE} more only counted (findings.json has them all), so a report of any
 * estate stays small enough to open. Built in one pass over the findings; only the non-passing
 * ones are kept, and the tables of waived and unevaluated findings stop at {@link #MAX_TABLE_ROWS}.
 */
public record HtmlReportModel(
    Header header,
    Verdict verdict,
    List<Count> statusCounts,
    List<Count> severityCounts,
    Bars areaBars,
    NetworkPicture network,
    List<AreaView> areas,
    List<ResourceView> resources,
    int resourcesNotShown,
    List<FindingView> waived,
    long waivedNotShown,
    List<WaiverView> expiredWaivers,
    List<WaiverView> unmatchedWaivers,
    List<FindingView> errors,
    long errorsNotShown,
    List<CollectionErrorView> collectionErrors,
    List<RuleIndexRow> ruleIndex,
    List<String> scopeGaps) {

  /** Findings shown in full (evidence table, waiver) per rule; the rest get one line each. */
  public static final int DETAILED_PER_RULE = 200;
  /** One-line findings listed per rule after the detailed ones; the rest are counted. */
  public static final int COMPACT_PER_RULE = 1_000;
  /** Resources listed in the by-resource view. */
  public static final int MAX_RESOURCES = 10_000;
  /** Rows of the waived and the not-evaluated tables; the rest are counted. */
  public static final int MAX_TABLE_ROWS = 5_000;

  /**
   * @param baseline where the baseline came from, {@code none: why}, or empty without one
   * @param newAndFixed e.g. {@code 1 new, 2 fixed}; empty without a baseline
   * @param fixed the baseline's failures this run fixed, as {@code RULE-ID resource}
   * @param gate the threshold that decides the exit code
   */
  public record Header(String toolVersion, String rulesHash, String generatedAt, String source,
      String accounts, String regions, long apiCalls, List<Count> apiCallsByOperation,
      String collectionTime, String failOn, String config, String planned, String waivers, String baseline,
      String newAndFixed, List<String> fixed, String gate) {}

  /** @param cls a CSS class: ok, fail, incomplete */
  public record Verdict(int exitCode, String text, String cls) {}

  /** @param key a CSS-safe name (status or severity label) */
  public record Count(String key, String label, long count) {}

  public record Bars(int width, int height, List<Bar> bars) {}

  public record Bar(String area, int y, List<Segment> segments, long total) {}

  public record Segment(String status, int x, int width, long count) {}

  public record AreaView(String anchor, String name, String summary, List<Count> counts, List<RuleSection> rules) {}

  public record RuleSection(String anchor, String id, String title, String severity, String rationale,
      String remediation, List<Reference> references, String outcome, long pass, long fail, long error,
      long waived, long notApplicable, List<FindingView> detailed, List<FindingView> compact, int notListed) {}

  public record FindingView(String ruleId, String ruleAnchor, String status, String severity, String resourceLabel,
      String resourceId, String resourceType, String account, String region, String message,
      List<Evidence> evidence, String remediation, WaiverView waiver, boolean isNew, String source, String scope) {}

  public record Evidence(String key, String value) {}

  /** A rule reference; {@code href} is empty unless it is an http(s) URL, so no other scheme becomes a link. */
  public record Reference(String text, String href) {
    static Reference of(String ref) {
      String t = UntrustedText.visible(ref);
      boolean web = t.matches("(?i)https?://[^\\s\"'<>]+");
      return new Reference(t, web ? t : "");
    }
  }

  public record WaiverView(String ruleId, String resource, String reason, String approvedBy, String expires) {}

  /** @param scope why the resource is in the CI scope, its reasons joined */
  public record ResourceView(String label, String id, String type, String account, String region,
      String worst, List<RuleLink> rules, String scope) {}

  public record RuleLink(String id, String anchor, String status) {}

  public record CollectionErrorView(String service, String operation, String region, String errorCode,
      String message, String resource) {}

  public record RuleIndexRow(String anchor, String id, String title, String area, String severity,
      String outcome, long pass, long fail, long error, long waived, long notApplicable, boolean hasSection) {}

  private static final Status[] STATUS_ORDER = {
    Status.FAIL, Status.ERROR, Status.WAIVED, Status.PASS, Status.NOT_APPLICABLE};

  public static HtmlReportModel of(AuditReport report) {
    List<Finding> findings = report.findings();
    Map<String, RuleInfo> rules = new LinkedHashMap<>();
    for (RuleInfo r : report.rules()) rules.putIfAbsent(r.id(), r);

    Map<String, Map<Status, Long>> countsByRule = new TreeMap<>();
    Map<String, String> areaOfRule = new TreeMap<>();
    Map<Status, Long> statusTotals = new EnumMap<>(Status.class);
    for (RuleInfo r : rules.values()) {
      countsByRule.put(r.id(), new EnumMap<>(Status.class));
      areaOfRule.put(r.id(), nz(r.area(), "other"));
    }
    Tally tally = new Tally(rules, areaOfRule);
    for (Finding f : findings) tally.add(f);
    Map<String, List<Finding>> nonPassByRule = tally.nonPassByRule;
    Map<String, Finding> firstOfRule = tally.firstOfRule;
    Map<Severity, Long> failBySeverity = tally.failBySeverity;
    Map<String, List<Finding>> byResource = tally.byResource;
    List<FindingView> waived = tally.waived;
    List<FindingView> errors = tally.errors;
    List<Finding> failing = tally.failing;
    long waivedTotal = tally.waivedTotal;
    long errorsTotal = tally.errorsTotal;
    Map<String, long[]> statusCountsByRule = tally.statusCountsByRule;
    long[] totals = tally.totals;

    statusCountsByRule.forEach((id, counts) -> {
      Map<Status, Long> c = countsByRule.computeIfAbsent(id, k -> new EnumMap<>(Status.class));
      for (Status st : Status.values()) if (counts[st.ordinal()] > 0) c.merge(st, counts[st.ordinal()], Long::sum);
    });
    for (Status st : Status.values()) if (totals[st.ordinal()] > 0) statusTotals.put(st, totals[st.ordinal()]);

    Map<String, List<String>> rulesByArea = new TreeMap<>();
    for (Map.Entry<String, String> e : areaOfRule.entrySet()) {
      rulesByArea.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(e.getKey());
    }

    List<AreaView> areas = new ArrayList<>();
    Map<String, Map<Status, Long>> countsByArea = new TreeMap<>();
    for (Map.Entry<String, List<String>> e : rulesByArea.entrySet()) {
      Map<Status, Long> areaCounts = new EnumMap<>(Status.class);
      List<RuleSection> sections = new ArrayList<>();
      for (String ruleId : e.getValue()) {
        Map<Status, Long> c = countsByRule.get(ruleId);
        c.forEach((s, n) -> areaCounts.merge(s, n, Long::sum));
        List<Finding> nonPass = nonPassByRule.getOrDefault(ruleId, List.of());
        if (nonPass.isEmpty()) continue;
        RuleInfo info = rules.get(ruleId);
        Finding first = nonPass.get(0);
        List<FindingView> detailed = new ArrayList<>();
        List<FindingView> compact = new ArrayList<>();
        for (Finding f : nonPass) {
          if (detailed.size() < DETAILED_PER_RULE) {
            detailed.add(view(f, info));
          } else if (compact.size() < COMPACT_PER_RULE) {
            compact.add(view(f, info));
          } else {
            break; // the rest are only counted
          }
        }
        sections.add(new RuleSection(anchor(ruleId), v(ruleId),
            v(info != null ? info.title() : first.title()),
            (info != null ? info.severity() : first.severity()).label(),
            info == null ? "" : v(info.rationale()),
            templated(info) ? "" : v(info != null && info.remediation() != null ? info.remediation() : first.remediation()),
            info == null ? List.of() : info.references().stream().map(Reference::of).toList(),
            outcome(c).name(), n(c, Status.PASS), n(c, Status.FAIL), n(c, Status.ERROR), n(c, Status.WAIVED),
            n(c, Status.NOT_APPLICABLE), detailed, compact, nonPass.size() - detailed.size() - compact.size()));
      }
      countsByArea.put(e.getKey(), areaCounts);
      List<Count> ac = counts(areaCounts);
      areas.add(new AreaView("area-" + slug(e.getKey()), v(e.getKey()), summarise(ac), ac, sections));
    }

    List<RuleIndexRow> index = new ArrayList<>();
    for (Map.Entry<String, Map<Status, Long>> e : countsByRule.entrySet()) {
      String id = e.getKey();
      RuleInfo info = rules.get(id);
      Map<Status, Long> c = e.getValue();
      Finding any = info == null ? firstOfRule.get(id) : null;
      String title = info != null ? info.title() : any == null ? "" : any.title();
      Severity sev = info != null ? info.severity() : any == null ? Severity.INFO : any.severity();
      index.add(new RuleIndexRow(anchor(id), v(id), v(title), v(areaOfRule.get(id)), sev.label(), outcome(c).name(),
          n(c, Status.PASS), n(c, Status.FAIL), n(c, Status.ERROR), n(c, Status.WAIVED), n(c, Status.NOT_APPLICABLE),
          nonPassByRule.containsKey(id)));
    }

    List<Count> severityCounts = new ArrayList<>();
    for (Severity s : Severity.values()) {
      severityCounts.add(new Count(s.label(), s.label(), failBySeverity.getOrDefault(s, 0L)));
    }

    record Ranked(int worst, String key, List<Finding> findings) {}
    List<ResourceView> resources = byResource.entrySet().stream()
        .map(e -> new Ranked(worst(e.getValue()).ordinal(), e.getKey(), e.getValue()))
        .sorted(java.util.Comparator.comparingInt(Ranked::worst).thenComparing(Ranked::key))
        .limit(MAX_RESOURCES)
        .map(r -> resourceView(r.findings()))
        .toList();

    return new HtmlReportModel(header(report.meta(), report.baseline()), verdict(report.meta()), counts(statusTotals), severityCounts,
        bars(countsByArea), NetworkPicture.of(report.inventory(), failing), areas, resources,
        Math.max(0, byResource.size() - MAX_RESOURCES), waived, waivedTotal - waived.size(),
        report.waivers().expired().stream().map(HtmlReportModel::waiverView).toList(),
        report.waivers().unmatched().stream().map(HtmlReportModel::waiverView).toList(),
        errors, errorsTotal - errors.size(), report.collectionErrors().stream().map(HtmlReportModel::collectionErrorView).toList(), index,
        report.scopeGaps().stream().map(HtmlReportModel::v).toList());
  }

  /**
   * One pass over the findings: counts by rule and status, and the findings that are not a pass, by
   * rule and by resource.
   */
  private static final class Tally {
    final Map<String, RuleInfo> rules;
    final Map<String, String> areaOfRule;
    final Map<String, List<Finding>> nonPassByRule = new TreeMap<>();
    final Map<String, Finding> firstOfRule = new HashMap<>();
    final Map<Severity, Long> failBySeverity = new EnumMap<>(Severity.class);
    final Map<String, List<Finding>> byResource = new LinkedHashMap<>();
    final List<FindingView> waived = new ArrayList<>();
    final List<FindingView> errors = new ArrayList<>();
    final List<Finding> failing = new ArrayList<>();
    final Map<String, long[]> statusCountsByRule = new HashMap<>();
    final long[] totals = new long[Status.values().length];
    long waivedTotal;
    long errorsTotal;
    private String lastRule;
    private long[] ruleCounts;

    Tally(Map<String, RuleInfo> rules, Map<String, String> areaOfRule) {
      this.rules = rules;
      this.areaOfRule = areaOfRule;
    }

    void add(Finding f) {
      if (ruleCounts == null || !f.ruleId().equals(lastRule)) {
        lastRule = f.ruleId();
        ruleCounts = statusCountsByRule.computeIfAbsent(lastRule, k -> new long[Status.values().length]);
        areaOfRule.putIfAbsent(lastRule, nz(f.area(), "other"));
        firstOfRule.putIfAbsent(lastRule, f);
      }
      ruleCounts[f.status().ordinal()]++;
      totals[f.status().ordinal()]++;
      if (f.status() == Status.PASS || f.status() == Status.NOT_APPLICABLE) return;
      if (f.status() == Status.FAIL) {
        failBySeverity.merge(f.severity(), 1L, Long::sum);
        failing.add(f);
      }
      nonPassByRule.computeIfAbsent(f.ruleId(), k -> new ArrayList<>()).add(f);
      if (f.resource() != null) byResource.computeIfAbsent(resourceKey(f.resource()), k -> new ArrayList<>()).add(f);
      if (f.status() == Status.WAIVED && waivedTotal++ < MAX_TABLE_ROWS) waived.add(view(f, rules.get(f.ruleId())));
      if (f.status() == Status.ERROR && errorsTotal++ < MAX_TABLE_ROWS) errors.add(view(f, rules.get(f.ruleId())));
    }
  }

  /** The outcome of a rule over all its findings: the most urgent status present. */
  static Status outcome(Map<Status, Long> c) {
    for (Status s : STATUS_ORDER) if (n(c, s) > 0) return s;
    return Status.NOT_APPLICABLE;
  }

  private static Status worst(List<Finding> l) {
    for (Status s : STATUS_ORDER) for (Finding f : l) if (f.status() == s) return s;
    return Status.NOT_APPLICABLE;
  }

  private static ResourceView resourceView(List<Finding> l) {
    ResourceRef r = l.get(0).resource();
    List<RuleLink> links = l.stream().map(f -> new RuleLink(v(f.ruleId()), anchor(f.ruleId()), f.status().name())).toList();
    return new ResourceView(v(label(r)), v(r.id()), v(r.type()), v(r.account()), v(r.region()), worst(l).name(), links,
        scope(r));
  }

  private static FindingView view(Finding f, RuleInfo info) {
    ResourceRef r = f.resource();
    List<Evidence> evidence = f.evidence().entrySet().stream()
        .map(e -> new Evidence(v(e.getKey()), v(e.getValue()))).toList();
    String source = f.source() == null ? "" : v(nz(f.source().kind(), "") + " " + nz(f.source().file(), "")
        + (f.source().pointer() == null ? "" : " " + f.source().pointer())).trim();
    return new FindingView(v(f.ruleId()), anchor(f.ruleId()), f.status().name(), f.severity().label(),
        r == null ? "(no resource)" : v(label(r)), r == null ? "" : v(r.id()), r == null ? "" : v(r.type()),
        r == null ? "" : v(r.account()), r == null ? "" : v(r.region()), v(f.message()), evidence,
        templated(info) && f.remediation() != null ? v(f.remediation()) : "",
        f.waiver() == null ? null : waiverView(f.waiver()), f.isNew(), source, scope(r));
  }

  private static WaiverView waiverView(AppliedWaiver w) {
    return new WaiverView(v(w.ruleId()), v(w.resource()), v(w.reason()), v(w.approvedBy()),
        w.expires() == null ? "never" : w.expires().toString());
  }

  private static CollectionErrorView collectionErrorView(CollectionError e) {
    return new CollectionErrorView(v(e.service()), v(e.operation()), v(e.region()), v(e.errorCode()),
        v(e.message()), v(e.resource()));
  }

  /**
   * True when the rule's remediation has {@code {{ }}} placeholders: each finding then carries its
   * own, filled from its subject, and the rule section does not show the template.
   */
  private static boolean templated(RuleInfo info) {
    return info != null && info.remediation() != null && info.remediation().contains("{{");
  }

  private static Header header(ReportMeta m, dev.fargateciaudit.findings.BaselineComparison comparison) {
    var in = m.inputs();
    List<String> fixed = comparison == null ? List.of() : comparison.fixed().stream()
        .map(f -> v(f.ruleId() + " " + (f.resource() == null ? "" : f.resource().id()))).toList();
    List<Count> calls = new TreeMap<>(m.apiCalls()).entrySet().stream()
        .map(e -> new Count(e.getKey(), v(e.getKey()), e.getValue())).toList();
    return new Header(v(m.toolVersion()), v(m.rulesHash()), m.generatedAt() == null ? "" : m.generatedAt().toString(),
        v(m.source()), m.accounts().isEmpty() ? "(unknown)" : v(String.join(", ", m.accounts())),
        m.regions().isEmpty() ? "(unknown)" : v(String.join(", ", m.regions())), m.totalApiCalls(), calls,
        m.collectionMillis() == 0 ? "none (not collected in this run)" : String.format("%.1f s", m.collectionMillis() / 1000.0),
        v(m.failOn()), v(in.config() == null ? "" : in.config()), v(in.planned() == null ? "" : in.planned()),
        v(in.waivers() == null ? "" : in.waivers()), v(in.baseline() == null ? "" : in.baseline()),
        comparison == null ? "" : comparison.newFailures() + " new, " + comparison.fixed().size() + " fixed", fixed,
        in.failOnNew() ? "--fail-on-new --fail-on " + v(m.failOn()) : "--fail-on " + v(m.failOn()));
  }

  static Verdict verdict(ReportMeta m) {
    String failOn = m.failOn() == null ? "high" : m.failOn();
    return switch (m.exitCode()) {
      case 0 -> new Verdict(0, "PASSED: nothing at or above " + v(failOn) + " fails", "ok");
      case 1 -> new Verdict(1, "FAILED: findings at or above " + v(failOn) + " fail the gate", "fail");
      case 3 -> new Verdict(3, "INCOMPLETE: nothing fails, but some rules could not be evaluated or the scope is incomplete",
          "incomplete");
      default -> new Verdict(m.exitCode(), "exit code " + m.exitCode(), "incomplete");
    };
  }

  private static Bars bars(Map<String, Map<Status, Long>> byArea) {
    int labelW = 150;
    int barW = 520;
    int rowH = 26;
    long max = byArea.values().stream().mapToLong(c -> c.values().stream().mapToLong(Long::longValue).sum())
        .max().orElse(1);
    List<Bar> bars = new ArrayList<>();
    int y = 6;
    for (Map.Entry<String, Map<Status, Long>> e : byArea.entrySet()) {
      long total = e.getValue().values().stream().mapToLong(Long::longValue).sum();
      List<Segment> segs = new ArrayList<>();
      int x = labelW;
      for (Status s : STATUS_ORDER) {
        long c = n(e.getValue(), s);
        if (c == 0) continue;
        int w = (int) Math.max(2, Math.round((double) c * barW / Math.max(1, max)));
        segs.add(new Segment(s.name(), x, w, c));
        x += w;
      }
      bars.add(new Bar(UntrustedText.visible(e.getKey(), 22), y, segs, total));
      y += rowH;
    }
    return new Bars(labelW + barW + 90, Math.max(y, 10) + 4, bars);
  }

  private static List<Count> counts(Map<Status, Long> m) {
    List<Count> out = new ArrayList<>();
    for (Status s : STATUS_ORDER) out.add(new Count(s.name(), s.name(), n(m, s)));
    return out;
  }

  private static long n(Map<Status, Long> m, Status s) {
    return m.getOrDefault(s, 0L);
  }

  private static String label(ResourceRef r) {
    if (r.name() != null && !r.name().isBlank() && !r.name().equals(r.id())) return r.name() + " (" + nz(r.id(), "") + ")";
    return nz(r.id(), "(no id)");
  }

  private static String resourceKey(ResourceRef r) {
    return nz(r.account(), "") + "|" + nz(r.region(), "") + "|" + nz(r.id(), "");
  }

  /** An HTML id for a rule: ids from the rule engine are [A-Z0-9-]; anything else is hex-encoded. */
  static String anchor(String ruleId) {
    return "rule-" + slug(ruleId);
  }

  private static final java.util.regex.Pattern PLAIN_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,80}");

  static String slug(String s) {
    if (s == null) return "x";
    if (PLAIN_ID.matcher(s).matches()) return s;
    return "h" + Integer.toHexString(s.hashCode()) + "-" + s.replaceAll("[^A-Za-z0-9_-]", "").substring(0,
        Math.min(40, s.replaceAll("[^A-Za-z0-9_-]", "").length()));
  }

  /** Why the resource is in the CI scope, for a reader: its reasons, one after the other. */
  private static String scope(ResourceRef r) {
    return r == null ? "" : v(String.join("; ", r.scope()));
  }

  private static String v(String s) {
    return s == null ? "" : UntrustedText.visible(s);
  }

  private static String nz(String s, String dflt) {
    return s == null ? dflt : s;
  }

  /** For the template's summary line: e.g. {@code 3 FAIL, 1 ERROR}. */
  public static String summarise(List<Count> counts) {
    return counts.stream().filter(c -> c.count() > 0).map(c -> c.count() + " " + c.label())
        .collect(Collectors.joining(", "));
  }
}
