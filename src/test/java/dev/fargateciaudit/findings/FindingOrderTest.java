package dev.fargateciaudit.findings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every report lists findings by rule, then account, region and resource id. */
class FindingOrderTest {
  private static Finding finding(String rule, String account, String region, String id) {
    ResourceRef ref = account == null && region == null && id == null ? null
        : new ResourceRef(id, "AWS::EC2::SecurityGroup", null, account, region);
    return new Finding(rule, "t", "ports", Severity.HIGH, Status.FAIL, ref, "m", Map.of(), "r", null, null, false);
  }

  @Test
  void ordersByRuleThenAccountRegionAndResource() {
    Finding a = finding("FCA-NET-001", "111111111111", "eu-west-1", "sg-2");
    Finding b = finding("FCA-NET-001", "111111111111", "eu-west-2", "sg-1");
    Finding c = finding("FCA-NET-001", "222222222222", "eu-west-1", "sg-0");
    Finding d = finding("FCA-PORTS-001", "111111111111", "eu-west-1", "sg-0");
    List<Finding> shuffled = new ArrayList<>(List.of(d, c, b, a));
    shuffled.sort(FindingOrder.STANDARD);
    assertThat(shuffled).containsExactly(a, b, c, d);
  }

  @Test
  void aMissingValueSortsAsEmptyAndFirst() {
    Finding noResource = finding("FCA-NET-001", null, null, null);
    Finding noRegion = finding("FCA-NET-001", "111111111111", null, "sg-1");
    Finding full = finding("FCA-NET-001", "111111111111", "eu-west-1", "sg-1");
    assertThat(FindingOrder.STANDARD.compare(noResource, finding("FCA-NET-001", "", "", ""))).isZero();
    List<Finding> list = new ArrayList<>(List.of(full, noRegion, noResource));
    list.sort(FindingOrder.STANDARD);
    assertThat(list).containsExactly(noResource, noRegion, full);
  }

  /** The order as first written, key by key: the hand-written comparator must agree with it everywhere. */
  private static final Comparator<Finding> REFERENCE = Comparator
      .comparing((Finding f) -> nz(f.ruleId()))
      .thenComparing(f -> f.resource() == null ? "" : nz(f.resource().account()))
      .thenComparing(f -> f.resource() == null ? "" : nz(f.resource().region()))
      .thenComparing(f -> f.resource() == null ? "" : nz(f.resource().id()));

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  @Test
  void agreesWithTheKeyByKeyOrderOnRandomFindings() {
    Random random = new Random(7);
    String[] rules = {"FCA-NET-001", "FCA-NET-002", "FCA-IAM-001", null};
    String[] accounts = {"111111111111", "222222222222", "", null};
    String[] regions = {"eu-west-1", "us-east-1", "", null};
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      String id = random.nextInt(5) == 0 ? null : "sg-" + random.nextInt(50);
      // New instances, so equal values are not always the same object.
      findings.add(finding(copy(rules[random.nextInt(rules.length)]), copy(accounts[random.nextInt(accounts.length)]),
          copy(regions[random.nextInt(regions.length)]), id));
    }
    for (int i = 0; i < 20_000; i++) {
      Finding x = findings.get(random.nextInt(findings.size()));
      Finding y = findings.get(random.nextInt(findings.size()));
      assertThat(Integer.signum(FindingOrder.STANDARD.compare(x, y))).as("%s vs %s", x, y)
          .isEqualTo(Integer.signum(REFERENCE.compare(x, y)));
    }
  }

  private static String copy(String s) {
    return s == null ? null : new String(s);
  }
}
