package dev.fargateciaudit.report;

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
