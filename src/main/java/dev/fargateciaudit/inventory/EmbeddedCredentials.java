package dev.fargateciaudit.inventory;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Credentials written into a larger value, recognised by what surrounds them rather than by their
 * own format: a URL's {@code user:password@}, a {@code key=value} parameter of a connection string,
 * query string, JDBC URL, {@code .npmrc} or {@code -Dkey=value} option, the same in JSON, XML or a
 * {@code .netrc} line, an HTTP Authorization header, an AWS secret access key under its name. A
 * credential whose value is a placeholder or a variable reference is not one.
 *
 * <p>URLs and parameters are found by scanning from each {@code ://} and {@code =}, which is linear
 * in the value and far cheaper than a regular expression tried at every position; the remaining
 * patterns run only on values that contain their literal.
 */
final class EmbeddedCredentials {
  /** Parameter keys that carry a credential, compared lower-case, after the last "." of a dotted key. */
  private static final Set<String> CREDENTIAL_KEYS = Set.of(
      "password", "passwd", "pwd", "_password", "passphrase", "accountkey", "sharedaccesskey",
      "sharedaccesssignature", "sig", "signature", "x-amz-signature", "x-amz-security-token",
      "x-goog-signature", "client_secret", "clientsecret", "secret", "secret_key", "secretkey",
      "access_token", "accesstoken", "auth_token", "authtoken", "_authtoken", "_auth", "auth",
      "private_token", "privatetoken", "api_key", "apikey", "api-key", "token");
  /** The longest key looked at before an "=", and the longest value read after it. */
  private static final int MAX_KEY = 64;
  private static final int MAX_VALUE = 256;

  private static final LazyPattern AWS_SECRET_KEY = new LazyPattern("[A-Za-z0-9/+]{40}");
  private static final LazyPattern AWS_SECRET_KEY_IN_TEXT = new LazyPattern(
      "(?i)aws_?secret_?access_?key[\"']?[ \\t]*+[=:][ \\t]*+[\"']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])");
  private static final LazyPattern JSON_CREDENTIAL = new LazyPattern(
      "(?i)\"(?:password|passwd|pwd|passphrase|secret|client_?secret|token|access_?token|auth_?token|api_?key|auth)\"[ \\t]*+:[ \\t]*+\"([^\"]++)\"");
  private static final LazyPattern XML_CREDENTIAL = new LazyPattern(
      "(?i)key=\"(?:cleartextpassword|password)\"[ \\t]++value=\"([^\"]++)\"");
  private static final LazyPattern NETRC_CREDENTIAL = new LazyPattern(
      "(?<![A-Za-z0-9_-])login[ \\t]++\\S++[ \\t]++password[ \\t]++(\\S++)");
  private static final LazyPattern AUTHORIZATION_HEADER = new LazyPattern(
      "(?i)authorization[\"']?[ \\t]*+[:=][ \\t]*+[\"']?(?:bearer|basic|token)(?:[ \\t]++|%20)[^\\s\"',]{8}");
  private static final LazyPattern URL_START = new LazyPattern("(?is)(?:jdbc:)?[a-z][a-z0-9+.-]*+://.*+");

  private EmbeddedCredentials() {}

  /** The class of the first embedded credential found in {@code value}, or null if there is none. */
  static SecretClass find(VariableName name, String value) {
    if ((name.saysAwsSecretKey() && AWS_SECRET_KEY.matcher(value).matches())
        || (containsIgnoreCase(value, "secret") && AWS_SECRET_KEY_IN_TEXT.matcher(value).find())) {
      return SecretClass.AWS_SECRET_ACCESS_KEY;
    }
    if (hasUrlPassword(value)) return SecretClass.URL_CREDENTIALS;
    if (hasCredentialParameter(value)) {
      return URL_START.matcher(value).matches() ? SecretClass.URL_CREDENTIALS : SecretClass.CONNECTION_STRING;
    }
    return null;
  }

  /** A {@code scheme://user:password@} anywhere, with a password that is neither empty nor a placeholder. */
  private static boolean hasUrlPassword(String value) {
    for (int at = value.indexOf("://"); at >= 0; at = value.indexOf("://", at + 3)) {
      int colon = -1;
      int i = at + 3;
      // User-info ends at "@"; a "/" or white space first means there is none.
      while (i < value.length() && value.charAt(i) != '@' && value.charAt(i) != '/' && !Character.isWhitespace(value.charAt(i))) {
        if (value.charAt(i) == ':' && colon < 0) colon = i;
        i++;
      }
      if (i < value.length() && value.charAt(i) == '@' && colon >= 0
          && !OrdinaryValues.isPlaceholderOrReference(value.substring(colon + 1, i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasCredentialParameter(String value) {
    return hasKeyValueCredential(value)
        || (value.indexOf('"') >= 0 && hasRealValue(JSON_CREDENTIAL.matcher(value)))
        || (containsIgnoreCase(value, "value=\"") && hasRealValue(XML_CREDENTIAL.matcher(value)))
        || (value.contains("login") && hasRealValue(NETRC_CREDENTIAL.matcher(value)))
        || (containsIgnoreCase(value, "authorization") && AUTHORIZATION_HEADER.matcher(value).find());
  }

  /** Each {@code key=value} whose key (its last dotted part, without a {@code -D}) is a credential key. */
  private static boolean hasKeyValueCredential(String value) {
    for (int eq = value.indexOf('='); eq >= 0; eq = value.indexOf('=', eq + 1)) {
      int keyEnd = eq;
      while (keyEnd > 0 && eq - keyEnd < 4 && (value.charAt(keyEnd - 1) == ' ' || value.charAt(keyEnd - 1) == '\t')) keyEnd--;
      int keyStart = keyEnd;
      while (keyStart > 0 && keyEnd - keyStart < MAX_KEY && isKeyChar(value.charAt(keyStart - 1))) keyStart--;
      if (keyStart < keyEnd && isCredentialKey(value.substring(keyStart, keyEnd)) && isRealValue(valueAfter(value, eq + 1))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isCredentialKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    if (k.startsWith("-d")) k = k.substring(2);
    k = k.substring(k.lastIndexOf('.') + 1);
    if (CREDENTIAL_KEYS.contains(k)) return true;
    int sep = Math.max(k.lastIndexOf('_', k.length() - 2), k.lastIndexOf('-', k.length() - 2));
    // DB_PASSWORD=..., in an .env file held in one variable; "_" and "-" keys keep their own spelling.
    return sep > 0 && CREDENTIAL_KEYS.contains(k.substring(sep + 1));
  }

  /** The value after an "=": spaces and an opening quote skipped, up to a delimiter, at most {@link #MAX_VALUE} characters. */
  private static String valueAfter(String s, int from) {
    int i = from;
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
    if (i < s.length() && (s.charAt(i) == '"' || s.charAt(i) == '\'')) i++;
    int end = i;
    while (end < s.length() && end - i < MAX_VALUE && !isValueDelimiter(s.charAt(end))) end++;
    return s.substring(i, end);
  }

  private static boolean hasRealValue(Matcher m) {
    while (m.find()) {
      if (isRealValue(m.group(1))) return true;
    }
    return false;
  }

  private static boolean isRealValue(String v) {
    return !OrdinaryValues.isPlainlyNotASecret(v);
  }

  private static boolean isKeyChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  }

  private static boolean isValueDelimiter(char c) {
    return Character.isWhitespace(c) || c == ';' || c == '&' || c == '"' || c == '\'' || c == ',';
  }

  private static boolean containsIgnoreCase(String s, String lowerCaseNeedle) {
    int n = lowerCaseNeedle.length();
    char first = lowerCaseNeedle.charAt(0);
    char firstUpper = Character.toUpperCase(first);
    for (int i = 0; i + n <= s.length(); i++) {
      char c = s.charAt(i);
      if ((c == first || c == firstUpper) && s.regionMatches(true, i, lowerCaseNeedle, 0, n)) return true;
    }
    return false;
  }
}
