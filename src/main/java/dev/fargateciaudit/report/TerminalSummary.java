package dev.fargateciaudit.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.Severity;
import dev.fargateciaudit.findings.Status;
import dev.fargateciaudit.input.Mappers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one-screen summary printed after an audit: counts by status and by severity, the failing
 * rules with how many resources each fails on, where the reports are, and what the exit code means.
 * Text from the account is shown through {@link UntrustedText}, so it cannot move the cursor or
 * recolour the terminal.
 */
public final class TerminalSummary {
  private TerminalSummary() {}

  /** Failing rules listed before the list is cut, to keep the summary on one screen. */
  static final int MAX_RULES = 15;

  private static final String RED = "\u001b[31m";
  private static final String YELLOW = "\u001b[33m";
  private static final String GREEN = "\u001b[32m";
  private static final String BOLD = "\u001b[1m";
  private static final String RESET = "\u001b[0m";

  /** One failing (or unevaluated) rule and how many resources it concerns. */
  record RuleLine(String ruleId, String title, String severity, String status, long resources) {}

  /**
   * The {@code --json} form.
   *
   * @param decidedBy the threshold that decided the exit code: {@code --fail-on SEVERITY}, or
   *     {@code --fail-on-new} (with its severity) when only failures new against the baseline counted
   * @param baseline where the baseline came from, its new and fixed counts; null without one
   * @param waivers the waivers that did not waive: expired ones and ones that matched nothing
   */
  record Summary(int exitCode, String exitMeaning, String failOn, String decidedBy, Map<String, Long> byStatus,
      Map<String, Long> failuresBySeverity, List<RuleLine> failingRules, int collectionErrors, BaselineLine baseline,
      WaiverLines waivers, List<String> reports) {}

  /** @param newFailures null when no baseline was found */
  record BaselineLine(String source, Long newFailures, Integer fixed) {}

  /** Each as {@code RULE-ID resource-pattern (expired DATE)}. */
  record WaiverLines(List<String> expired, List<String> unmatched) {}

  public static void print(AuditReport report, List<Path> written, PrintWriter out, boolean json, boolean colour) {
    Summary s = summarise(report, written);
    if (json) {
      try {
        out.println(Mappers.json().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(s));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("summary cannot be serialised", e);
      }
      out.flush();
      return;
    }
    Palette p = new Palette(colour);
    out.println(p.bold("fargate-ci-audit") + ": " + report.findings().size() + " findings from "
        + report.rules().size() + " rules");
    out.println("  status:   " + line(s.byStatus(), p));
    out.println("  failures: " + line(s.failuresBySeverity(), p));
    if (!s.failingRules().isEmpty()) {
      out.println("  failing or unevaluated rules:");
      int shown = 0;
      for (RuleLine r : s.failingRules()) {
        if (shown++ == MAX_RULES) {
          out.println("    ... and " + (s.failingRules().size() - MAX_RULES) + " more (see the reports)");
          break;
        }
        String tag = r.status().equals("FAIL") ? p.red(pad(r.severity(), 8)) : p.yellow(pad("error", 8));
        out.println("    " + tag + " " + pad(r.ruleId(), 18) + " " + r.resources()
            + (r.resources() == 1 ? " resource  " : " resources ") + UntrustedText.visible(r.title(), 60));
      }
    }
    if (s.baseline() != null) {
      String counts = s.baseline().newFailures() == null ? p.yellow("no baseline")
          : (s.baseline().newFailures() > 0 ? p.red(s.baseline().newFailures() + " new") : "0 new") + ", " + s.baseline().fixed() + " fixed";
      out.println("  baseline: " + counts + " (" + UntrustedText.visible(s.baseline().source(), 200) + ")");
    }
    for (String w : s.waivers().expired()) out.println("  " + p.yellow("waiver expired") + ": " + UntrustedText.visible(w, 200));
    for (String w : s.waivers().unmatched()) out.println("  " + p.yellow("waiver matched nothing") + ": " + UntrustedText.visible(w, 200));
    if (s.collectionErrors() > 0) {
      out.println("  " + p.yellow(s.collectionErrors() + " AWS reads failed") + " (listed in the HTML report)");
    }
    if (!s.reports().isEmpty()) {
      out.println("  reports:  " + String.join(", ", s.reports()));
    }
    String exit = "exit " + s.exitCode() + ": " + s.exitMeaning();
    out.println("  " + (s.exitCode() == 0 ? p.green(exit) : s.exitCode() == 1 ? p.red(exit) : p.yellow(exit)));
    out.flush();
  }

  static Summary summarise(AuditReport report, List<Path> written) {
    long[] byStatus = new long[Status.values().length];
    long[] bySeverity = new long[Severity.values().length];
    Map<String, long[]> failing = new TreeMap<>();
    Map<String, Finding> sample = new LinkedHashMap<>();
    String lastRule = null;
    long[] c = null;
    for (Finding f : report.findings()) {
      byStatus[f.status().ordinal()]++;
      if (f.status() != Status.FAIL && f.status() != Status.ERROR) continue;
      if (f.status() == Status.FAIL) bySeverity[f.severity().ordinal()]++;
      if (c == null || !f.ruleId().equals(lastRule)) {
        lastRule = f.ruleId();
        c = failing.computeIfAbsent(lastRule, k -> new long[2]);
        sample.putIfAbsent(lastRule, f);
      }
      c[f.status() == Status.FAIL ? 0 : 1]++;
    }
    List<RuleLine> rules = new ArrayList<>();
    failing.forEach((id, counts) -> {
      Finding f = sample.get(id);
      boolean fails = counts[0] > 0;
      rules.add(new RuleLine(UntrustedText.visible(id), f.title() == null ? "" : f.title(), f.severity().label(),
          fails ? "FAIL" : "ERROR", fails ? counts[0] : counts[1]));
    });
    rules.sort((a, b) -> {
      int byStatusFirst = Boolean.compare(b.status().equals("FAIL"), a.status().equals("FAIL"));
      if (byStatusFirst != 0) return byStatusFirst;
      int bySev = Severity.parse(a.severity()).compareTo(Severity.parse(b.severity()));
      return bySev != 0 ? bySev : a.ruleId().compareTo(b.ruleId());
    });
    Map<String, Long> statusOut = new LinkedHashMap<>();
    for (Status st : Status.values()) statusOut.put(st.name(), byStatus[st.ordinal()]);
    Map<String, Long> sevOut = new LinkedHashMap<>();
    for (Severity sv : Severity.values()) sevOut.put(sv.label(), bySeverity[sv.ordinal()]);
    int exit = report.meta().exitCode();
    boolean onlyNew = report.meta().inputs().failOnNew();
    String failOn = report.meta().failOn();
    String decidedBy = onlyNew ? "--fail-on-new" : failOn == null ? null : "--fail-on " + failOn;
    BaselineLine baseline = report.meta().inputs().baseline() == null ? null : report.baseline() == null
        ? new BaselineLine(report.meta().inputs().baseline(), null, null)
        : new BaselineLine(report.meta().inputs().baseline(), report.baseline().newFailures(), report.baseline().fixed().size());
    WaiverLines waivers = new WaiverLines(
        report.waivers().expired().stream().map(w -> waiver(w) + " (expired " + w.expires() + ")").toList(),
        report.waivers().unmatched().stream().map(TerminalSummary::waiver).toList());
    return new Summary(exit, exitMeaning(exit, failOn, onlyNew), failOn, decidedBy, statusOut, sevOut,
        rules, report.collectionErrors().size(), baseline, waivers, written.stream().map(Path::toString).toList());
  }

  private static String waiver(dev.fargateciaudit.findings.AppliedWaiver w) {
    return w.ruleId() + " " + w.resource();
  }

  static String exitMeaning(int exit, String failOn) {
    return exitMeaning(exit, failOn, false);
  }

  static String exitMeaning(int exit, String failOn, boolean onlyNew) {
    String threshold = failOn == null ? "the threshold" : "--fail-on " + failOn;
    return switch (exit) {
      case 0 -> onlyNew ? "no new failure at or above " + threshold + " (--fail-on-new)" : "nothing at or above " + threshold + " fails";
      case 1 -> onlyNew ? "the gate fails (--fail-on-new): new failures at or above " + threshold
          : "the gate fails: findings at or above " + threshold;
      case 2 -> "bad usage or bad input";
      case 3 -> "nothing fails, but the audit is incomplete: some rules could not be evaluated (ERROR), or a configured"
          + " reference names nothing (see the lines above); --allow-incomplete accepts that";
      default -> "unexpected exit code";
    };
  }

  private static String line(Map<String, Long> counts, Palette p) {
    StringBuilder b = new StringBuilder();
    counts.forEach((k, v) -> {
      if (b.length() > 0) b.append("  ");
      String s = v + " " + k;
      b.append(v == 0 ? s : switch (k) {
        case "FAIL", "critical", "high" -> p.red(s);
        case "ERROR", "medium" -> p.yellow(s);
        case "PASS" -> p.green(s);
        default -> s;
      });
    });
    return b.toString();
  }

  private static String pad(String s, int n) {
    return s.length() >= n ? s : s + " ".repeat(n - s.length());
  }

  private record Palette(boolean on) {
    String red(String s) { return wrap(RED, s); }
    String yellow(String s) { return wrap(YELLOW, s); }
    String green(String s) { return wrap(GREEN, s); }
    String bold(String s) { return wrap(BOLD, s); }
    private String wrap(String code, String s) { return on ? code + s + RESET : s; }
  }
}
