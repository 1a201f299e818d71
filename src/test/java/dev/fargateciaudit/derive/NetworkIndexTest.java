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
}
