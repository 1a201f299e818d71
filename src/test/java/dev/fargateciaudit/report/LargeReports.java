package dev.fargateciaudit.report;

import dev.fargateciaudit.findings.AppliedWaiver;
import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.ReportMeta;
import dev.fargateciaudit.findings.ResourceRef;
import dev.fargateciaudit.findings.RuleInfo;
import dev.fargateciaudit.findings.Severity;
import dev.fargateciaudit.findings.Status;
import dev.fargateciaudit.findings.WaiverReport;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Generated reports of any size, for the size test and the benchmark. */
final class LargeReports {
  private LargeReports() {}

  static final String[] AREAS = {"egress", "network", "iam", "images", "efs", "public-ip"};

  /**
   * @param failShare share of findings that FAIL (the rest: 5% ERROR, 5% WAIVED, PASS)
   */
  static AuditReport generate(int findings, double failShare, long seed) {
    return generate(findings, failShare, 0.05, 0.05, seed);
  }

  /**
   * @param failShare, errorShare, waivedShare shares of findings with that status; the rest PASS.
   *     Resources repeat across rules (about 4.6 findings per resource, as in a synthetic estate).
   */
  static AuditReport generate(int findings, double failShare, double errorShare, double waivedShare, long seed) {
    Random rnd = new Random(seed);
    int resources = Math.max(1, (int) (findings / 4.6));
    List<RuleInfo> rules = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      String area = AREAS[i % AREAS.length];
      rules.add(new RuleInfo(String.format("FCA-%s-%03d", area.toUpperCase().replace("-", ""), i),
          "Generated rule " + i + " about " + area, area, Severity.values()[i % 4], "subject",
          "Rationale for rule " + i + ": ".repeat(3) + "what goes wrong when this fails, in two sentences.",
          "Remediation for rule " + i + ": change the setting, then re-run the audit.",
          List.of("https://docs.aws.amazon.com/vpc/latest/userguide/rule-" + i + ".html"), "rules/" + area + "/r.yml"));
    }
    List<Finding> out = new ArrayList<>(findings);
    for (int n = 0; n < findings; n++) {
      RuleInfo r = rules.get(n % rules.size());
      double x = rnd.nextDouble();
      Status s = x < failShare ? Status.FAIL : x < failShare + errorShare ? Status.ERROR
          : x < failShare + errorShare + waivedShare ? Status.WAIVED : Status.PASS;
      int res = n % resources;
      String id = String.format("arn:aws:ec2:eu-west-2:%012d:security-group/sg-%017x", 100000000000L + res % 7, (long) res * 7919);
      AppliedWaiver w = s == Status.WAIVED
          ? new AppliedWaiver(r.id(), id, null, "accepted risk until migration", "sec@example.org", LocalDate.parse("2027-03-01"))
          : null;
      out.add(new Finding(r.id(), r.title(), r.area(), r.severity(), s,
          new ResourceRef(id, "AWS::EC2::SecurityGroup", "ci-tasks-" + res, String.format("%012d", 100000000000L + res % 7), "eu-west-2"),
          "security group sg-" + Long.toHexString((long) res * 7919) + " allows tcp/2049 from 0.0.0.0/0 (rule " + r.id() + ")",
          Map.of("rule", "tcp/2049 from 0.0.0.0/0", "expected", "tcp/22 from sg-0runner", "vpc", "vpc-0" + (res % 13)),
          r.remediation(), w, null, false));
    }
    ReportMeta meta = new ReportMeta("0.1.0", "sha256:bench", Instant.parse("2026-11-28T01:00:00Z"), "snapshot",
        List.of("100000000000"), List.of("eu-west-2"), Map.of("ec2:DescribeSecurityGroups", 40L), 12_345, "high", 1);
    return new AuditReport(meta, rules, out, List.of(), WaiverReport.NONE, ReportFixtures.blogInventory());
  }
}
