package dev.fargateciaudit.derive;

import java.util.List;
import java.util.Set;

/**
 * The sources a security-group rule is expected to come from (SSH or NFS), indexed once so that a
 * rule is judged in time independent of how many sources there are. A rule's source is expected
 * when it equals one of them (a group id, or the same CIDR literal), or when it is a CIDR or address
 * inside one of the expected CIDRs of the same family ({@link NetworkIndex}).
 */
final class ExpectedSources {
  private final List<String> values;
  private final Set<String> exact;
  private final NetworkIndex networks;

  /** @param values the expected sources in configured order: group ids, CIDRs or addresses */
  ExpectedSources(List<String> values) {
    this.values = List.copyOf(values);
    this.exact = Set.copyOf(this.values);
    this.networks = NetworkIndex.of(this.values);
  }

  /** The expected sources as one immutable list every subject shares. */
  List<String> values() {
    return values;
  }

  /**
   * True when {@code source} is one of the expected sources, or, for a CIDR source
   * ({@code cidrKind} true), lies within an expected CIDR of the same address family.
   */
  boolean matches(String source, boolean cidrKind) {
    if (source == null) return false;
    if (exact.contains(source)) return true;
    return cidrKind && networks.anyContains(source);
  }
}
