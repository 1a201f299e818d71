package dev.fargateciaudit.drift;

import dev.fargateciaudit.findings.Finding;
import java.io.PrintWriter;
import java.util.List;

/** The terminal form of a {@link FindingsDiff}. Text from the account is printed without control characters. */
public final class DiffText {
  private DiffText() {}

  public static void print(FindingsDiff d, String before, String after, PrintWriter out) {
    out.printf("%s -> %s: %d new, %d fixed, %d still failing, %d no longer evaluable, %d waivers expiring%n",
        clean(before), clean(after), d.newFailures().size(), d.fixed().size(), d.stillFailing().size(),
        d.nowError().size(), d.expiringWaivers().size());
    section(out, "New failures", "+", d.newFailures());
    out.printf("%nFixed (%d)%n", d.fixed().size());
    for (FindingsDiff.Fixed x : d.fixed()) line(out, "-", x.finding(), "was " + x.finding().status() + ", now " + x.now());
    section(out, "Still failing", "=", d.stillFailing());
    section(out, "Failing before, now ERROR (could not be evaluated)", "?", d.nowError());
    out.printf("%nWaivers expiring within %d days of %s (%d)%n", d.windowDays(), d.today(), d.expiringWaivers().size());
    for (FindingsDiff.ExpiringWaiver w : d.expiringWaivers()) {
      out.printf("  ! %s %s expires %s (%d days), approved by %s: %s; covers %s%n",
          clean(w.waiver().ruleId()), clean(w.waiver().target()), w.waiver().expires(), w.daysLeft(),
          clean(w.waiver().approvedBy()), clean(w.waiver().reason()), clean(String.join(", ", w.findings())));
    }
    out.flush();
  }

  private static void section(PrintWriter out, String title, String mark, List<Finding> findings) {
    out.printf("%n%s (%d)%n", title, findings.size());
    for (Finding f : findings) line(out, mark, f, f.status().name());
  }

  private static void line(PrintWriter out, String mark, Finding f, String status) {
    var r = f.resource();
    out.printf("  %s [%s] %s %s (%s/%s) %s: %s%n", mark,
        f.severity() == null ? "?" : f.severity().label(), clean(f.ruleId()),
        r == null ? "-" : clean(r.name() != null ? r.name() : r.id()),
        r == null ? "" : clean(r.account()), r == null ? "" : clean(r.region()),
        status, clean(f.message()));
  }

  static String clean(String s) {
    return s == null ? "" : s.replaceAll("\\p{Cntrl}", " ");
  }
}
