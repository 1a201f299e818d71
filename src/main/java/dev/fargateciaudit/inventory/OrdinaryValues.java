package dev.fargateciaudit.inventory;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Values that are plainly something other than a secret, whatever their name or randomness:
 * references to where a secret is kept, flags, numbers, placeholders, and the identifiers CI
 * estates are full of (UUIDs, ULIDs, DNS-style names, paths, checksums in a recognised form).
 * Every pattern is anchored and possessive, so a check is linear in the value's length.
 */
final class OrdinaryValues {
  private static final Set<String> BOOLEANS = Set.of("true", "false", "yes", "no", "on", "off", "enabled", "disabled");
  private static final Set<String> PLACEHOLDERS = Set.of(
      "-", "none", "null", "nil", "undefined", "n/a", "redacted", "[masked]", "[redacted]", "...");
  private static final Pattern NUMBER = Pattern.compile("[+-]?\\d++(?:\\.\\d++)?");
  /** An ARN, or a reference understood by a secret store's client or CI integration. */
  private static final Pattern SECRET_STORE_REFERENCE = Pattern.compile(
      "(?i)(?:arn:aws[a-z-]*+:[a-z0-9-]++:|ssm:|secretsmanager:|vault:|op://)\\S*+");
  /** A secret's name or path in a store, as Secrets Manager, SSM and Vault spell them: {@code ci/registry-login}. */
  private static final Pattern STORE_PATH = Pattern.compile("[a-z0-9_.-]++(?:/[a-z0-9_.-]++)++");
  private static final Pattern PATH = Pattern.compile("(?:/|\\./|\\.\\./|~/|file:)\\S*+");
  /**
   * A path segment of lower-case words ({@code run}, {@code .ssh}, {@code id_ed25519}): what tells a
   * path from random base64, whose segments mix cases.
   */
  private static final Pattern WORD_SEGMENT = Pattern.compile("(?<![^/])\\.?[a-z]{2,}+(?:[._-][a-z0-9]++)*+(?![^/])");
  private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*+://\\S*+");
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  /** Crockford base 32, 26 characters, the first at most 7 (48-bit time). */
  private static final Pattern ULID = Pattern.compile("[0-7][0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{25}");
  /**
   * A name or path made of words, numbers and upper-case codes joined by "-", "_", "." or "/":
   * bucket, host, cluster and resource names, {@code group/project}, and generated names ending in
   * a short random suffix ({@code ci-estate-TaskExecutionRole-1Q2W3E4R5T6Y7}). Each part but that
   * suffix is all lower case, all upper case, or CamelCase words, which a random string's parts
   * almost never are.
   */
  private static final String PART = "(?:[a-z0-9]++|[A-Z0-9]++|[a-z]*+(?:[A-Z][a-z]++)++[0-9]*+)(?=[-._/]|$)";
  /** At most 13 random characters CloudFormation (and many tools) append to a generated name. */
  private static final String SUFFIX = "[-_][A-Za-z0-9]{1,13}+";
  private static final Pattern IDENTIFIER = Pattern.compile(
      PART + "(?:(?:[-._/]" + PART + ")++(?:" + SUFFIX + ")?+|" + SUFFIX + ")/?+");
  /** A bare SHA-1 or SHA-256 digest: a commit or object id, an image id, a checksum, a key fingerprint. */
  private static final Pattern DIGEST = Pattern.compile("[0-9a-fA-F]{40}|[0-9a-fA-F]{64}");
  /** A Subresource Integrity checksum, as npm lock files and Helm write them. */
  private static final Pattern INTEGRITY = Pattern.compile("sha(?:256|384|512)-[A-Za-z0-9+/]++={0,2}");
  /** Stripe's publishable keys are made to be shipped to browsers. */
  private static final Pattern STRIPE_PUBLISHABLE_KEY = Pattern.compile("pk_(?:test|live)_[A-Za-z0-9]++");

  private OrdinaryValues() {}

  /**
   * True if the value is plainly not a secret even under a name that says secret: empty or a
   * placeholder, a variable reference, a reference to a secret store or a secret's path in one, a
   * path, a URL (one carrying credentials was recognised before this is asked), a boolean or a number.
   */
  static boolean isPlainlyNotASecret(String v) {
    return isPlaceholderOrReference(v) || isBoolean(v) || NUMBER.matcher(v).matches()
        || isPath(v) || STORE_PATH.matcher(v).matches() || URL.matcher(v).matches();
  }

  /**
   * True if the value is an identifier or checksum whose randomness says nothing: anything
   * {@link #isPlainlyNotASecret} accepts, a UUID, a ULID, an identifier made of words, a bare SHA-1 or
   * SHA-256 digest, an integrity checksum, a base64 PEM certificate or public key, a Stripe publishable key.
   */
  static boolean hasOrdinaryShape(String v) {
    return isPlainlyNotASecret(v) || UUID.matcher(v).matches() || ULID.matcher(v).matches()
        || IDENTIFIER.matcher(v).matches() || DIGEST.matcher(v).matches()
        || INTEGRITY.matcher(v).matches() || STRIPE_PUBLISHABLE_KEY.matcher(v).matches()
        || KnownSecretFormats.isBase64PemOf(v, "CERTIFICATE") || KnownSecretFormats.isBase64PemOf(v, "PUBLIC KEY");
  }

  /** Empty, a placeholder ({@code <token>}, {@code {{ .Token }}}, {@code ***}, {@code [MASKED]}), a variable or a secret-store reference. */
  static boolean isPlaceholderOrReference(String v) {
    String s = v.strip();
    if (s.isEmpty() || PLACEHOLDERS.contains(s.toLowerCase(Locale.ROOT))) return true;
    if ((s.startsWith("<") && s.endsWith(">")) || (s.startsWith("{{") && s.endsWith("}}"))) return true;
    if (s.length() >= 3 && (s.chars().allMatch(c -> c == '*') || s.chars().allMatch(c -> c == 'x' || c == 'X'))) return true;
    return isVariableReference(s) || SECRET_STORE_REFERENCE.matcher(s).matches();
  }

  /** An absolute, relative or home path with at least one lower-case word segment: {@code /run/secrets/db}. */
  static boolean isPath(String v) {
    return PATH.matcher(v).matches() && WORD_SEGMENT.matcher(v).find();
  }

  static boolean isBoolean(String v) {
    return BOOLEANS.contains(v.strip().toLowerCase(Locale.ROOT));
  }

  /**
   * True if the value is made only of shell or CI variable references ({@code $FOO}, {@code ${FOO}},
   * {@code ${{ secrets.FOO }}}, {@code $(cat /run/secrets/x)}) and punctuation: {@code $USER:$PASS}.
   * A hand-written scan, because a regular expression for it backtracks on unclosed braces.
   */
  static boolean isVariableReference(String s) {
    boolean sawReference = false;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '$' && i + 1 < s.length()) {
        char next = s.charAt(i + 1);
        int close = next == '{' ? s.indexOf('}', i + 2) : next == '(' ? s.indexOf(')', i + 2) : -2;
        if (close == -1) return false;
        if (close >= 0) {
          i = close + 1;
        } else if (Character.isLetter(next) || next == '_') {
          i += 2;
          while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
        } else {
          return false;
        }
        sawReference = true;
      } else if (Character.isLetterOrDigit(c)) {
        return false;
      } else {
        i++;
      }
    }
    return sawReference;
  }
}
