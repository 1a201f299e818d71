package dev.fargateciaudit.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses IP address and CIDR literals without ever resolving a name (a config value must never
 * cause a DNS lookup).
 */
final class IpAddresses {
  private static final Pattern V4 = Pattern.compile(
      "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern V6 = Pattern.compile("[0-9a-fA-F:][0-9a-fA-F:.]*");

  private IpAddresses() {}

  /** The address if {@code s} is an IPv4 or IPv6 literal. */
  static Optional<InetAddress> parse(String s) {
    if (s == null || s.length() > 45) return Optional.empty();
    boolean literal = V4.matcher(s).matches() || (s.indexOf(':') >= 0 && V6.matcher(s).matches());
    if (!literal) return Optional.empty();
    try {
      // A literal of these shapes is parsed, never looked up.
      return Optional.of(InetAddress.getByName(s));
    } catch (UnknownHostException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** A parsed CIDR: the address, the prefix length, and the canonical network form. */
  record Cidr(InetAddress address, int prefix, String network) {
    boolean hostBitsSet() {
      return !network.equals(address.getHostAddress() + "/" + prefix);
    }
  }

  /** The CIDR if {@code s} is {@code address/prefix} with a prefix valid for the address family. */
  static Optional<Cidr> parseCidr(String s) {
    if (s == null) return Optional.empty();
    int slash = s.indexOf('/');
    if (slash < 0 || slash != s.lastIndexOf('/')) return Optional.empty();
    String len = s.substring(slash + 1);
    if (!len.matches("\\d{1,3}")) return Optional.empty();
    Optional<InetAddress> addr = parse(s.substring(0, slash));
    if (addr.isEmpty()) return Optional.empty();
    int bits = addr.get().getAddress().length * 8;
    int prefix = Integer.parseInt(len);
    if (prefix > bits) return Optional.empty();
    BigInteger value = new BigInteger(1, addr.get().getAddress());
    BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
        .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
    byte[] net = toBytes(value.and(mask), bits / 8);
    try {
      String network = InetAddress.getByAddress(net).getHostAddress() + "/" + prefix;
      return Optional.of(new Cidr(addr.get(), prefix, network));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static byte[] toBytes(BigInteger v, int length) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[length];
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
    return out;
  }
}
