package dev.fargateciaudit.derive;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The sources a security-group rule is expected to come from (SSH or NFS), indexed once so that a
 * rule is judged in time independent of how many sources there are. A rule's source is expected
 * when it equals one of them (a group id, or the same CIDR literal), or when it is a CIDR or address
 * inside one of the expected CIDRs: the source's network address masked to each prefix length the
 * expected CIDRs use is looked up in a set, so a test costs at most one lookup per distinct prefix
 * length (at most 33 for IPv4, 129 for IPv6) rather than one comparison per expected source.
 */
final class ExpectedSources {
  private final List<String> values;
  private final Set<String> exact;
  private final Set<Cidrs.Net> networks = new HashSet<>();
  /** Distinct prefix lengths of the expected networks, by address width. */
  private final int[] v4Prefixes;
  private final int[] v6Prefixes;

  /** @param values the expected sources in configured order: group ids, CIDRs or addresses */
  ExpectedSources(List<String> values) {
    this.values = List.copyOf(values);
    this.exact = Set.copyOf(this.values);
    Set<Integer> p4 = new TreeSet<>();
    Set<Integer> p6 = new TreeSet<>();
    for (String v : this.values) {
      Cidrs.Net n = Cidrs.tryParse(v);
      if (n == null) continue;
      networks.add(n);
      (n.bits() == 32 ? p4 : p6).add(n.prefix());
    }
    v4Prefixes = p4.stream().mapToInt(Integer::intValue).toArray();
    v6Prefixes = p6.stream().mapToInt(Integer::intValue).toArray();
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
    if (!cidrKind || networks.isEmpty()) return false;
    Cidrs.Net src = Cidrs.tryParse(source);
    if (src == null) return false;
    for (int p : src.bits() == 32 ? v4Prefixes : v6Prefixes) {
      if (p > src.prefix()) break;
      if (networks.contains(mask(src, p))) return true;
    }
    return false;
  }

  private static Cidrs.Net mask(Cidrs.Net n, int prefix) {
    BigInteger hostBits = BigInteger.ONE.shiftLeft(n.bits() - prefix).subtract(BigInteger.ONE);
    return new Cidrs.Net(n.base().andNot(hostBits), prefix, n.bits());
  }
}
