package dev.fargateciaudit.report;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** IPv4 CIDR containment, enough to draw which sources reach which security group. */
final class Cidrs {
  private Cidrs() {}

  static boolean isAnywhere(String cidr) {
    return "0.0.0.0/0".equals(cidr) || "::/0".equals(cidr);
  }

  /** True when IPv4 CIDR {@code outer} contains {@code inner}; false for anything that is not IPv4 CIDR. */
  static boolean contains(String outer, String inner) {
    long[] o = parse(outer);
    long[] i = parse(inner);
    if (o == null || i == null || i[1] < o[1]) return false;
    long mask = o[1] == 0 ? 0 : (0xFFFFFFFFL << (32 - o[1])) & 0xFFFFFFFFL;
    return (o[0] & mask) == (i[0] & mask);
  }

  /**
   * A set of IPv4 networks indexed by prefix length, so containment against thousands of CIDRs is
   * at most 33 hash lookups instead of a scan.
   */
  static final class Networks {
    private final Set<Long> keys;

    private Networks(Set<Long> keys) {
      this.keys = keys;
    }

    /** Answers {@link #anyContains}: is a CIDR inside one of {@code cidrs}? */
    static Networks of(Collection<String> cidrs) {
      Set<Long> keys = new HashSet<>();
      for (String c : cidrs) {
        long[] n = parse(c);
        if (n != null) keys.add(key(n[0], (int) n[1]));
      }
      return new Networks(keys);
    }

    /** Answers {@link #contains}: does a CIDR contain one of {@code cidrs}? */
    static Networks covering(Collection<String> cidrs) {
      Set<Long> keys = new HashSet<>();
      for (String c : cidrs) {
        long[] n = parse(c);
        if (n == null) continue;
        for (int p = 0; p <= n[1]; p++) keys.add(key(n[0], p));
      }
      return new Networks(keys);
    }

    /** For a set made by {@link #of}: true when one of its networks contains {@code inner}. */
    boolean anyContains(String inner) {
      long[] i = parse(inner);
      if (i == null) return false;
      for (int p = 0; p <= i[1]; p++) if (keys.contains(key(i[0], p))) return true;
      return false;
    }

    /** For a set made by {@link #covering}: true when {@code outer} contains one of its networks. */
    boolean contains(String outer) {
      long[] o = parse(outer);
      return o != null && keys.contains(key(o[0], (int) o[1]));
    }

    private static long key(long addr, int prefix) {
      long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
      return ((addr & mask) << 6) | prefix;
    }
  }

  private static long[] parse(String cidr) {
    if (cidr == null) return null;
    String[] parts = cidr.split("/", -1);
    if (parts.length != 2) return null;
    String[] octets = parts[0].split("\\.", -1);
    if (octets.length != 4) return null;
    try {
      long addr = 0;
      for (String o : octets) {
        int v = Integer.parseInt(o);
        if (v < 0 || v > 255) return null;
        addr = (addr << 8) | v;
      }
      int prefix = Integer.parseInt(parts[1]);
      if (prefix < 0 || prefix > 32) return null;
      return new long[] {addr, prefix};
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
