package dev.fargateciaudit.derive;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Objects;

/**
 * IPv4/IPv6 address and CIDR arithmetic on literals only (never a DNS lookup). An address without
 * a prefix is treated as a host prefix ({@code /32} or {@code /128}).
 */
public final class Cidrs {
  private Cidrs() {}

  /** A parsed network: the first address, the prefix length and the address width (32 or 128). */
  public record Net(BigInteger base, int prefix, int bits) {
    BigInteger last() {
      return base.or(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
    }

    public boolean contains(Net other) {
      return bits == other.bits && prefix <= other.prefix
          && base.compareTo(other.base) <= 0 && last().compareTo(other.last()) >= 0;
    }

    public boolean overlaps(Net other) {
      return bits == other.bits && base.compareTo(other.last()) <= 0 && other.base.compareTo(last()) <= 0;
    }

    // Written out: a record's own equals and hashCode are bootstrapped through method handles at their first call.
    @Override
    public boolean equals(Object o) {
      return o instanceof Net n && prefix == n.prefix && bits == n.bits && Objects.equals(base, n.base);
    }

    @Override
    public int hashCode() {
      return (31 * Objects.hashCode(base) + prefix) * 31 + bits;
    }
  }

  private static final Net[] NON_PUBLIC = {
    parse("0.0.0.0/8"), parse("10.0.0.0/8"), parse("100.64.0.0/10"), parse("127.0.0.0/8"),
    parse("169.254.0.0/16"), parse("172.16.0.0/12"), parse("192.168.0.0/16"), parse("192.0.0.0/24"),
    parse("198.18.0.0/15"), parse("224.0.0.0/3"),
    parse("::/128"), parse("::1/128"), parse("fc00::/7"), parse("fe80::/10"), parse("ff00::/8")
  };

  /** True when the string is a valid IPv4/IPv6 address or CIDR. */
  public static boolean isValid(String s) {
    return tryParse(s) != null;
  }

  /** Parses {@code s}; throws {@link IllegalArgumentException} when it is not an address or CIDR. */
  public static Net parse(String s) {
    Net n = tryParse(s);
    if (n == null) throw new IllegalArgumentException("not an IP address or CIDR: '" + s + "'");
    return n;
  }

  public static Net tryParse(String s) {
    if (s == null) return null;
    String str = s.trim();
    int slash = str.indexOf('/');
    String addr = slash < 0 ? str : str.substring(0, slash);
    boolean v6 = addr.indexOf(':') >= 0;
    long v4 = v6 ? NOT_ASCII : asciiV4(addr);
    if (v4 == NOT_V4) return null;
    byte[] bytes = null;
    if (v4 < 0) {
      bytes = v6 ? parseV6(addr) : parseV4(addr);
      if (bytes == null) return null;
    }
    int bits = bytes == null ? 32 : bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(str.substring(slash + 1));
      } catch (NumberFormatException e) {
        return null;
      }
      if (prefix < 0 || prefix > bits) return null;
    }
    if (bytes == null) return new Net(BigInteger.valueOf(v4 & (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL), prefix, 32);
    BigInteger value = new BigInteger(1, bytes);
    BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
        .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
    return new Net(value.and(mask), prefix, bits);
  }

  /** {@code outer} contains {@code inner} (an address or a CIDR); false for mixed families. */
  public static boolean contains(String outer, String inner) {
    return parse(outer).contains(parse(inner));
  }

  public static boolean overlaps(String a, String b) {
    return parse(a).overlaps(parse(b));
  }

  /** True when any address of the network is publicly routable (so {@code 0.0.0.0/0} is public). */
  public static boolean isPublic(String s) {
    Net n = parse(s);
    for (Net p : NON_PUBLIC) {
      if (p.contains(n)) return false;
    }
    return true;
  }

  /** True when the whole network is private, loopback or link-local address space. */
  public static boolean isPrivate(String s) {
    return !isPublic(s);
  }

  public static boolean isIpv6(String s) {
    return parse(s).bits() == 128;
  }

  /** True for {@code 0.0.0.0/0} and {@code ::/0}. */
  public static boolean isAnywhere(String s) {
    Net n = tryParse(s);
    return n != null && n.prefix() == 0;
  }

  /** What {@link #asciiV4} returns for a text that is certainly not an IPv4 address. */
  private static final long NOT_V4 = -1;
  /** What {@link #asciiV4} returns when the text has characters other than ASCII: {@link #parseV4} decides. */
  private static final long NOT_ASCII = -2;

  /**
   * An IPv4 address of ASCII digits as an unsigned 32-bit value, without the {@code BigInteger}s and
   * the split of {@link #parseV4}: the derive step parses every CI security-group rule's source,
   * most of them group ids, which fail at their first character.
   */
  private static long asciiV4(String a) {
    long value = 0;
    int part = 0;
    int digits = 0;
    int octet = 0;
    for (int i = 0; i < a.length(); i++) {
      char c = a.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++digits > 3) return NOT_V4;
        octet = octet * 10 + (c - '0');
      } else if (c == '.') {
        if (digits == 0 || octet > 255 || ++part > 3) return NOT_V4;
        value = value << 8 | octet;
        digits = 0;
        octet = 0;
      } else if (c < 0x80) {
        return NOT_V4;
      } else {
        return NOT_ASCII; // Unicode digits, as Character.isDigit and Integer.parseInt accept them
      }
    }
    if (digits == 0 || octet > 255 || part != 3) return NOT_V4;
    return value << 8 | octet;
  }

  private static byte[] parseV4(String a) {
    String[] parts = a.split("\\.", -1);
    if (parts.length != 4) return null;
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) return null;
      int v = Integer.parseInt(p);
      if (v > 255) return null;
      out[i] = (byte) v;
    }
    return out;
  }

  private static byte[] parseV6(String a) {
    String s = a.toLowerCase(Locale.ROOT);
    if (!s.matches("[0-9a-f:.]+")) return null;
    int dbl = s.indexOf("::");
    if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) return null;
    String head = dbl < 0 ? s : s.substring(0, dbl);
    String tail = dbl < 0 ? "" : s.substring(dbl + 2);
    int[] h = groups(head);
    int[] t = groups(tail);
    if (h == null || t == null) return null;
    int total = h.length + t.length;
    if (dbl < 0 ? total != 8 : total > 7) return null;
    int[] all = new int[8];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(t, 0, all, 8 - t.length, t.length);
    byte[] out = new byte[16];
    for (int i = 0; i < 8; i++) {
      out[2 * i] = (byte) (all[i] >> 8);
      out[2 * i + 1] = (byte) all[i];
    }
    return out;
  }

  private static int[] groups(String part) {
    if (part.isEmpty()) return new int[0];
    String[] g = part.split(":", -1);
    int extra = 0;
    String last = g[g.length - 1];
    byte[] v4 = null;
    if (last.contains(".")) {
      v4 = parseV4(last);
      if (v4 == null) return null;
      extra = 1;
    }
    int[] out = new int[g.length - extra + (v4 == null ? 0 : 2)];
    for (int i = 0; i < g.length - extra; i++) {
      if (g[i].isEmpty() || g[i].length() > 4 || g[i].contains(".")) return null;
      out[i] = Integer.parseInt(g[i], 16);
    }
    if (v4 != null) {
      out[out.length - 2] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
      out[out.length - 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
    }
    return out;
  }
}
