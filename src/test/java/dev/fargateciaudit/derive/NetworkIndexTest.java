package dev.fargateciaudit.derive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Containment through the prefix index, both ways, as the network picture and derive use it. */
class NetworkIndexTest {
  @Test
  void coveringAnswersWhetherACidrContainsOneOfTheNetworks() {
    NetworkIndex ci = NetworkIndex.covering(List.of("10.0.16.0/20", "10.2.0.0/24", "sg-1"));
    assertThat(ci.containsAny("10.0.0.0/16")).isTrue();
    assertThat(ci.containsAny("10.0.16.0/20")).isTrue();
    assertThat(ci.containsAny("10.0.16.0/21")).isFalse();
    assertThat(ci.containsAny("10.1.0.0/16")).isFalse();
    assertThat(ci.containsAny("0.0.0.0/0")).isTrue();
    assertThat(ci.containsAny("::/0")).isFalse();
    assertThat(ci.containsAny("sg-1")).isFalse();
  }

  @Test
  void ofAnswersWhetherOneOfTheNetworksContainsACidrOrAddress() {
    NetworkIndex sources = NetworkIndex.of(List.of("10.0.0.0/16", "192.0.2.7/32", "2001:db8::/32", "sg-1"));
    assertThat(sources.anyContains("10.0.3.4/32")).isTrue();
    assertThat(sources.anyContains("10.0.3.4")).isTrue();
    assertThat(sources.anyContains("192.0.2.7/32")).isTrue();
    assertThat(sources.anyContains("192.0.2.8/32")).isFalse();
    assertThat(sources.anyContains("10.0.0.0/8")).isFalse();
    assertThat(sources.anyContains("2001:db8:1::/48")).isTrue();
    assertThat(sources.anyContains("2001:db9::/48")).isFalse();
    assertThat(sources.anyContains("sg-1")).isFalse();
    assertThat(NetworkIndex.of(List.of("sg-1")).isEmpty()).isTrue();
  }

  /** Over random subnets that share supernets, the index answers as checking every subnet would. */
  @Test
  void coveringAgreesWithCheckingEverySubnet() {
    java.util.Random rnd = new java.util.Random(3);
    List<String> subnets = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) subnets.add(cidr((10 << 24) | (rnd.nextInt(4) << 16) | (rnd.nextInt(256) << 8), 20 + rnd.nextInt(5)));
    NetworkIndex ci = NetworkIndex.covering(subnets);
    for (int i = 0; i < 3000; i++) {
      String outer = cidr((10 << 24) | (rnd.nextInt(5) << 16) | (rnd.nextInt(256) << 8), 8 + rnd.nextInt(17));
      boolean expected = subnets.stream().anyMatch(s -> Cidrs.contains(outer, s));
      assertThat(ci.containsAny(outer)).as(outer).isEqualTo(expected);
    }
  }

  /** The network of {@code address} with {@code prefix} bits, as a.b.c.d/prefix. */
  private static String cidr(int address, int prefix) {
    int a = address & (int) (0xffffffffL << (32 - prefix));
    return (a >>> 24) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255) + "/" + prefix;
  }
}
