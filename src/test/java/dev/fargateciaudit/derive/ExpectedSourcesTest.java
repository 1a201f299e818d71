package dev.fargateciaudit.derive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExpectedSourcesTest {
  @Test
  void groupIdsMatchExactlyAndOnlyExactly() {
    ExpectedSources e = new ExpectedSources(List.of("sg-0abc", "sg-0def"));
    assertThat(e.matches("sg-0abc", false)).isTrue();
    assertThat(e.matches("sg-0def", false)).isTrue();
    assertThat(e.matches("sg-0ab", false)).isFalse();
    assertThat(e.matches("sg-0abcd", false)).isFalse();
    assertThat(e.matches("10.0.0.0/16", true)).isFalse();
    assertThat(e.matches(null, false)).isFalse();
  }

  @Test
  void ipv4SourcesInsideAnExpectedCidrMatchByPrefixMasking() {
    ExpectedSources e = new ExpectedSources(List.of("sg-1", "10.0.0.0/16", "172.16.0.0/12", "192.168.7.9"));
    assertThat(e.matches("10.0.5.0/24", true)).isTrue();
    assertThat(e.matches("10.0.255.255", true)).isTrue();
    assertThat(e.matches("10.0.0.0/16", true)).isTrue();
    assertThat(e.matches("10.0.0.0/15", true)).as("wider than the expected /16").isFalse();
    assertThat(e.matches("10.1.0.0/24", true)).isFalse();
    assertThat(e.matches("172.31.200.0/24", true)).isTrue();
    assertThat(e.matches("172.32.0.0/24", true)).isFalse();
    assertThat(e.matches("192.168.7.9/32", true)).as("an address is its host prefix").isTrue();
    assertThat(e.matches("192.168.7.8/32", true)).isFalse();
    assertThat(e.matches("192.168.7.8/31", true)).as("contains the host, is not inside it").isFalse();
    assertThat(e.matches("0.0.0.0/0", true)).isFalse();
  }

  @Test
  void containmentOnlyCountsForCidrSources() {
    ExpectedSources e = new ExpectedSources(List.of("10.0.0.0/16"));
    assertThat(e.matches("10.0.5.0/24", false)).isFalse();
    assertThat(e.matches("10.0.0.0/16", false)).as("the same literal is still the same source").isTrue();
    assertThat(e.matches("not-a-cidr", true)).isFalse();
  }

  @Test
  void ipv6SourcesMatchWithinTheirFamilyOnly() {
    ExpectedSources e = new ExpectedSources(List.of("2001:db8::/32", "fd00:1:2::/48", "0.0.0.0/0"));
    assertThat(e.matches("2001:db8:1::/48", true)).isTrue();
    assertThat(e.matches("2001:db8:ffff:ffff::1", true)).isTrue();
    assertThat(e.matches("2001:db9::/48", true)).isFalse();
    assertThat(e.matches("2001:db8::/31", true)).isFalse();
    assertThat(e.matches("fd00:1:2:3::/64", true)).isTrue();
    assertThat(e.matches("fd00:1:3::/64", true)).isFalse();
    assertThat(e.matches("::/0", true)).as("0.0.0.0/0 does not contain IPv6").isFalse();
    assertThat(e.matches("203.0.113.0/24", true)).as("0.0.0.0/0 contains every IPv4 network").isTrue();
  }

  @Test
  void agreesWithPairwiseContainmentOnRandomNetworks() {
    Random rnd = new Random(7);
    for (int round = 0; round < 200; round++) {
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 1 + rnd.nextInt(6); i++) expected.add(randomNet(rnd));
      ExpectedSources e = new ExpectedSources(expected);
      for (int k = 0; k < 50; k++) {
        String src = randomNet(rnd);
        boolean naive = expected.stream().anyMatch(x -> x.equals(src) || Cidrs.contains(x, src));
        assertThat(e.matches(src, true)).as("%s in %s", src, expected).isEqualTo(naive);
      }
    }
  }

  /** Networks drawn from a small address space so that containment happens often. */
  private static String randomNet(Random rnd) {
    if (rnd.nextBoolean()) {
      int prefix = 16 + rnd.nextInt(17);
      return "10.0." + rnd.nextInt(4) + "." + rnd.nextInt(4) * 64 + "/" + prefix;
    }
    int prefix = 100 + rnd.nextInt(29);
    return "2001:db8::" + Integer.toHexString(rnd.nextInt(4) << 12) + ":" + Integer.toHexString(rnd.nextInt(8)) + "/" + prefix;
  }
}
