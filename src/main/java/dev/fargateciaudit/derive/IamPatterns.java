package dev.fargateciaudit.derive;

import dev.fargateciaudit.derive.iam.Glob;
import java.util.Collection;
import java.util.Locale;

/**
 * IAM wildcard matching. Action names match case-insensitively (IAM treats {@code S3:getobject}
 * as {@code s3:GetObject}); ARNs match case-sensitively. {@code *} matches any run of characters,
 * {@code ?} any one character.
 */
public final class IamPatterns {
  private IamPatterns() {}

  public static boolean actionMatches(String pattern, String action) {
    return action != null && actionMatches(pattern, action, ascii(action));
  }

  /** Whether any of {@code patterns} matches {@code action}, whose characters are looked at once, not once per pattern. */
  public static boolean anyActionMatches(Collection<?> patterns, String action) {
    if (action == null) return false;
    boolean asciiAction = ascii(action);
    for (Object p : patterns) {
      if (p != null && actionMatches(p.toString(), action, asciiAction)) return true;
    }
    return false;
  }

  private static boolean actionMatches(String pattern, String action, boolean asciiAction) {
    if (pattern == null) return false;
    // Action names are ASCII: fold case while matching instead of lowercasing two copies per call
    // (derive matches every CI role's statements against dozens of actions).
    if (asciiAction && ascii(pattern)) return glob(pattern, action, true);
    return glob(pattern.toLowerCase(Locale.ROOT), action.toLowerCase(Locale.ROOT));
  }

  /** ARN pattern matching as IAM does for {@code Resource}: case-sensitive glob. */
  public static boolean resourceMatches(String pattern, String arn) {
    if (pattern == null || arn == null) return false;
    return glob(pattern, arn);
  }

  /** Case-sensitive glob of the whole of {@code s}. */
  public static boolean glob(String p, String s) {
    return glob(p, s, false);
  }

  /** {@link #glob}, with ASCII letters compared case-insensitively when {@code foldAscii}. */
  private static boolean glob(String p, String s, boolean foldAscii) {
    return Glob.matches(p, 0, p.length(), null, s, 0, s.length(), foldAscii);
  }

  private static boolean ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) return false;
    }
    return true;
  }
}
