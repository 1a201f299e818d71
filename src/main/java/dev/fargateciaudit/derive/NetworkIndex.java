package dev.fargateciaudit.derive;

import java.math.BigInteger;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * A set of IPv4 and IPv6 networks indexed by prefix length, so that containment against thousands
 * of them costs at most one hash lookup per distinct prefix length (33 for IPv4, 129 for IPv6)
 * instead of a comparison with each. A network is masked to a prefix and looked up; families never
 * mix. Anything that is not an address or a CIDR is left out; an address counts as its host network.
 */
public final class NetworkIndex {
  private final Set<Cidrs.Net> networks;
  private final int[] v4Prefixes;
  private final int[] v6Prefixes;

  private NetworkIndex(Set<Cidrs.Net> networks) {
    this.networks = networks;
    Set<Integer> p4 = new TreeSet<>();
    Set<Integer> p6 = new TreeSet<>();
    for (Cidrs.Net n : networks) (n.bits() == 32 ? p4 : p6).add(n.prefix());
    v4Prefixes = p4.stream().mapToInt(Integer::intValue).toArray();
    v6Prefixes = p6.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The networks of {@code values}; answers {@link #anyContains}. */
  public static NetworkIndex of(Collection<String> values) {
    Set<Cidrs.Net> nets = new HashSet<>();
    for (String v : values) {
      Cidrs.Net n = Cidrs.tryParse(v);
      if (n != null) nets.add(n);
    }
    return new NetworkIndex(nets);
  }

  /** Every network that contains one of {@code values}; answers {@link #containsAny}. */
  public static NetworkIndex covering(Collection<String> values) {
    Set<Cidrs.Net> nets = new HashSet<>();
    for (String v : values) {
      Cidrs.Net n = Cidrs.tryParse(v);
      if (n == null) continue;
      // Every network in the set has its supernets in it too, so the walk towards /0 stops at the
      // first one already there: the CI subnets of an estate share most of theirs.
      for (int p = n.prefix(); p >= 0; p--) {
        if (!nets.add(mask(n, p))) break;
      }
    }
    return new NetworkIndex(nets);
  }

  public boolean isEmpty() {
    return networks.isEmpty();
  }

  /** For an index made by {@link #of}: true when one of its networks contains {@code inner}. */
  public boolean anyContains(String inner) {
    if (networks.isEmpty()) return false;
    Cidrs.Net n = Cidrs.tryParse(inner);
    if (n == null) return false;
    for (int p : n.bits() == 32 ? v4Prefixes : v6Prefixes) {
      if (p > n.prefix()) break;
      if (networks.contains(mask(n, p))) return true;
    }
    return false;
  }

  /** For an index made by {@link #covering}: true when {@code outer} contains one of the networks given. */
  public boolean containsAny(String outer) {
    Cidrs.Net n = Cidrs.tryParse(outer);
    return n != null && networks.contains(n);
  }

  private static Cidrs.Net mask(Cidrs.Net n, int prefix) {
    BigInteger hostBits = BigInteger.ONE.shiftLeft(n.bits() - prefix).subtract(BigInteger.ONE);
    return new Cidrs.Net(n.base().andNot(hostBits), prefix, n.bits());
  }
}
