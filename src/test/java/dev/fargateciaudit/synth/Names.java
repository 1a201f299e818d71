package dev.fargateciaudit.synth;

/** AWS-shaped identifiers and ARNs for synthetic resources, derived from the seed and an index. */
final class Names {
  static final String ACCOUNT = "123456789012";
  static final String REGION = "eu-west-2";
  static final String[] AZS = {"eu-west-2a", "eu-west-2b", "eu-west-2c"};
  static final String ECR_HOST = ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com";

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final Dice dice;

  Names(Dice dice) {
    this.dice = dice;
  }

  /** {@code prefix-0} and 16 hex digits, unique per (prefix stream, index): AWS's 17-digit id form. */
  String id(String prefix, int stream, long index) {
    return prefix + "-0" + hex(dice.bits(stream, index), 16);
  }

  String hex(int stream, long index, int digits) {
    StringBuilder sb = new StringBuilder(digits);
    for (int done = 0; done < digits; done += 16) {
      sb.append(hex(dice.bits(stream + done, index), Math.min(16, digits - done)));
    }
    return sb.toString();
  }

  static String hex(long v, int digits) {
    char[] c = new char[digits];
    for (int i = digits - 1; i >= 0; i--) {
      c[i] = HEX[(int) (v & 0xf)];
      v >>>= 4;
    }
    return new String(c);
  }

  /** Zero-padded decimal, so names sort like their indexes. */
  static String pad(long v, int width) {
    String s = Long.toString(v);
    if (s.length() >= width) return s;
    return "0".repeat(width - s.length()) + s;
  }

  static String arn(String service, String resource) {
    return "arn:aws:" + service + ":" + REGION + ":" + ACCOUNT + ":" + resource;
  }

  static String iamArn(String resource) {
    return "arn:aws:iam::" + ACCOUNT + ":" + resource;
  }
}
