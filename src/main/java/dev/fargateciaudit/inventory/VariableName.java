package dev.fargateciaudit.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What an environment variable's name says about its value. A name is read as words
 * ({@code DB_PASSWORD}, {@code dbPassword} and {@code db-password} are DB, PASSWORD) and, as in
 * English, its last word says what it is: {@code GITLAB_TOKEN} is a token, {@code GITLAB_TOKEN_FILE}
 * a file and {@code SECRET_DETECTION_EXCLUDED_PATHS} paths. Trailing qualifiers such as {@code _V2},
 * {@code _PROD} or {@code _B64} are skipped first.
 *
 * @param raw the name as written
 * @param headFirst its words, upper-cased, last word first, trailing qualifiers dropped
 */
record VariableName(String raw, List<String> headFirst) {
  /** Last words that name a secret. */
  private static final Set<String> SECRET_WORDS = Set.of(
      "PASSWORD", "PASSWORDS", "PASSWD", "PASSPHRASE", "PASS", "PWD", "SECRET", "SECRETS", "TOKEN",
      "TOKENS", "JWT", "PAT", "CREDENTIAL", "CREDENTIALS", "CREDS", "AUTH", "SALT", "APIKEY",
      "ACCESSKEY", "SECRETKEY", "PRIVATEKEY", "AUTHTOKEN", "ACCESSTOKEN");
  /** Endings of fused words that name a secret ({@code PGPASSWORD}, {@code GHTOKEN}). */
  private static final List<String> SECRET_ENDINGS = List.of("PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN");
  /** Words before {@code KEY} that make it a secret key ({@code CACHE_KEY}, {@code PUBLIC_KEY} are not). */
  private static final Set<String> SECRET_KEY_KINDS = Set.of(
      "API", "ACCESS", "SECRET", "PRIVATE", "SIGNING", "SIGN", "ENCRYPTION", "DECRYPTION", "MASTER",
      "LICENSE", "LICENCE", "DEPLOY", "SSH", "HMAC", "SHARED", "ACCOUNT", "STORAGE", "APP", "SESSION",
      "CLIENT", "AUTH", "CRYPTO", "AES", "WEBHOOK", "INGEST", "INGESTION", "SDK", "ADMIN", "ROOT", "SERVER");
  /** Words before a secret word that make the whole a public identifier ({@code CI_RUNNER_SHORT_TOKEN}). */
  private static final Set<String> PUBLIC_QUALIFIERS = Set.of("SHORT", "PUBLIC", "PUBLISHABLE");
  /** Trailing words that qualify rather than name: environment, version, encoding. */
  private static final Set<String> QUALIFIERS = Set.of(
      "PROD", "PRODUCTION", "STAGING", "STAGE", "DEV", "TEST", "QA", "UAT", "LIVE", "SANDBOX",
      "B64", "BASE64", "ENCODED", "RAW", "VALUE", "BASE", "DATA", "JSON", "PEM");
  /** Words that say the value is a digest or a commit, whatever it looks like. */
  private static final Set<String> DIGEST_WORDS = Set.of(
      "SHA", "SHA1", "SHA256", "SHA384", "SHA512", "SHASUM", "SHA1SUM", "SHA256SUM", "SHA512SUM",
      "MD5", "MD5SUM", "CHECKSUM", "CHECKSUMS", "DIGEST", "HASH", "COMMIT", "REVISION", "REV",
      "FINGERPRINT", "ETAG", "CRC", "CRC32");
  /** Last words that say the value is an identifier ({@code *_ID}: detect-secrets skips these too). */
  private static final Set<String> ID_WORDS = Set.of("ID", "IDS", "UUID", "GUID", "ULID");

  VariableName {
    headFirst = List.copyOf(headFirst);
  }

  static VariableName parse(String name) {
    String raw = name == null ? "" : name;
    List<String> words = words(raw);
    int end = words.size();
    while (end > 1 && isQualifier(words.get(end - 1))) end--;
    List<String> headFirst = new ArrayList<>(end);
    for (int i = end - 1; i >= 0; i--) headFirst.add(words.get(i));
    return new VariableName(raw, headFirst);
  }

  /** True if the name says the value is a secret: a password, token, secret, credential or secret key. */
  boolean saysSecret() {
    if (raw.startsWith("TF_TOKEN_")) return true;  // Terraform's per-host credentials: TF_TOKEN_app_terraform_io
    String head = word(0);
    String before = word(1);
    if (head.isEmpty() || PUBLIC_QUALIFIERS.contains(before)) return false;
    if (SECRET_WORDS.contains(head)) return true;
    if (head.length() > 6) {
      for (String ending : SECRET_ENDINGS) {
        if (head.endsWith(ending)) return true;
      }
    }
    if (head.equals("KEY") || head.equals("KEYS")) return SECRET_KEY_KINDS.contains(before);
    return head.equals("CONFIG") && before.equals("AUTH");
  }

  /** True if the name says the value is a digest, a commit or an identifier, so its randomness means nothing. */
  boolean saysDigestOrId() {
    if (ID_WORDS.contains(word(0))) return true;
    for (String word : headFirst) {
      if (DIGEST_WORDS.contains(word)) return true;
    }
    return false;
  }

  /** True for names of an AWS secret access key: {@code AWS_SECRET_ACCESS_KEY}, {@code aws_secret_key}, {@code SECRET_ACCESS_KEY}. */
  boolean saysAwsSecretKey() {
    boolean secretAccessKey = word(0).equals("KEY") && word(1).equals("ACCESS") && word(2).equals("SECRET");
    return secretAccessKey || (headFirst.contains("AWS") && saysSecret());
  }

  private String word(int fromEnd) {
    return fromEnd < headFirst.size() ? headFirst.get(fromEnd) : "";
  }

  private static boolean isQualifier(String word) {
    if (QUALIFIERS.contains(word) || isDigits(word, 0)) return true;
    return word.length() > 1 && word.length() <= 4 && word.charAt(0) == 'V' && isDigits(word, 1);
  }

  private static boolean isDigits(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) return false;
    }
    return true;
  }

  /** Splits on anything but letters and digits, and between camelCase humps ({@code APIKey}: API, KEY). */
  static List<String> words(String name) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        flush(word, words);
        continue;
      }
      if (word.length() > 0 && Character.isUpperCase(c)) {
        char prev = name.charAt(i - 1);
        boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
        if (Character.isLowerCase(prev) || (Character.isUpperCase(prev) && nextLower)) flush(word, words);
      }
      word.append(c);
    }
    flush(word, words);
    return words;
  }

  private static void flush(StringBuilder word, List<String> words) {
    if (word.length() > 0) words.add(word.toString().toUpperCase(Locale.ROOT));
    word.setLength(0);
  }
}
