package dev.fargateciaudit.inventory;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;

/**
 * Credentials recognisable by their format alone, found anywhere inside a value (a token can sit
 * in a JSON document, an {@code .npmrc} line or a URL): providers' token formats, private keys and
 * AWS access key ids. The formats follow gitleaks' and detect-secrets' rules for the same providers
 * (prefix, alphabet, length).
 *
 * <p>Each format names the literals of which any match contains one, and its pattern only runs on
 * values that contain one: a single pass over the value, looking up the literals that start with
 * each character, is far cheaper than dozens of regular expressions tried at every position.
 * Patterns are linear in the value: bounded bodies, and a look-behind that lets a run of prefixes
 * start one attempt, not one per character.
 */
final class KnownSecretFormats {
  /** Not preceded by a letter or digit: a token starts a word. */
  private static final String START = "(?<![A-Za-z0-9])";

  /** A format: literals of which every match contains one, the pattern, and the class of what it finds. */
  record Format(List<String> literals, LazyPattern pattern, SecretClass secretClass) {}

  /** A literal and the index of its format in {@link #FORMATS}. */
  private record Literal(String text, int format) {}

  private static Format format(SecretClass secretClass, String literals, String regex) {
    return new Format(List.of(literals.split(" ")), new LazyPattern(regex), secretClass);
  }

  /** A token format; {@code literals} is a space-separated list. */
  private static Format token(String literals, String regex) {
    return format(SecretClass.TOKEN, literals, regex);
  }

  private static final List<Format> FORMATS = List.of(
      format(SecretClass.PRIVATE_KEY, "-----BEGIN", "-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY"),
      format(SecretClass.PRIVATE_KEY, "PuTTY-User-Key-File-", "PuTTY-User-Key-File-\\d"),
      format(SecretClass.PRIVATE_KEY, "AGE-SECRET-KEY-1", START + "AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}"),
      // Access key ids only: AIDA, AROA and the other unique-id prefixes name users, roles and
      // policies, not credentials (IAM "Unique identifiers").
      format(SecretClass.AWS_ACCESS_KEY_ID, "AKIA ASIA ABIA ACCA", START + "(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])"),
      // GitLab: every documented prefix (docs.gitlab.com, "Token prefixes"), the legacy runner
      // registration token, and the session cookie.
      token("glpat- gloas- gldt- glrt- glrtr- glcbt- glptt- glft- glimt- glagent- glwt- glsoat- glffct-", "(?:glpat|gloas|gldt|glrtr|glrt|glcbt|glptt|glft|glimt|glagent|glwt|glsoat|glffct)-[\\w-]{20}"),
      token("GR1348941", "GR1348941[\\w-]{20}"),
      token("_gitlab_session=", "_gitlab_session=[0-9a-z]{32}"),
      // GitHub classic and fine-grained tokens.
      token("ghp_ gho_ ghu_ ghs_ ghr_", START + "gh[pousr]_[A-Za-z0-9]{36}"),
      token("github_pat_", START + "github_pat_\\w{82}"),
      // Slack tokens and webhooks, Discord webhooks.
      token("xox", START + "xox(?:[abposr]|e\\.xox[bp]|e)-\\d[0-9A-Za-z-]{9}"),
      token("xapp-", START + "xapp-\\d-[A-Z0-9]{9}"),
      token("hooks.slack.com/", "hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{20}"),
      token("/api/webhooks/", "discord(?:app)?\\.com/api/webhooks/\\d{5,20}/[\\w-]{20}"),
      // Stripe secret and restricted keys and webhook secrets (its pk_ keys are public).
      token("sk_ rk_", START + "(?:sk|rk)_(?:test|live|prod)_[A-Za-z0-9]{10}"),
      token("whsec_", START + "whsec_[A-Za-z0-9]{20}"),
      // Package registries: npm, PyPI (and TestPyPI), Docker Hub personal and organisation tokens.
      token("npm_", START + "npm_[A-Za-z0-9]{36}"),
      token("pypi-AgE", START + "pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[\\w-]{50}"),
      token("dckr_", START + "dckr_(?:pat|oat)_[\\w-]{20}"),
      // Google API keys and OAuth client secrets.
      token("AIza", START + "AIza[\\w-]{35}"),
      token("GOCSPX-", START + "GOCSPX-[\\w-]{20}"),
      // A JSON Web Token: base64url header and payload, both JSON objects.
      token("eyJ", START + "eyJ[\\w-]{10,}+\\.eyJ[\\w-]{10,}+\\."),
      // Azure AD (Entra ID) client secrets.
      token("Q~", START + "[A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.-]{31}"),
      // HashiCorp Vault and Terraform Cloud, Doppler, Pulumi.
      token("hvs. hvb. hvr.", START + "hv[sbr]\\.[\\w-]{20}"),
      token(".atlasv1.", START + "[A-Za-z0-9]{14}\\.atlasv1\\.[\\w=-]{60}"),
      token("dp.", START + "dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40}"),
      token("pul-", START + "pul-[a-f0-9]{40}"),
      // Atlassian API tokens and Bitbucket app passwords.
      token("ATATT3", START + "ATATT3[\\w=-]{100}"),
      token("ATBB", START + "ATBB[A-Za-z0-9]{28}"),
      // SonarQube/SonarCloud, JFrog Artifactory, Sentry, Grafana.
      token("sqp_ sqa_ squ_", START + "sq[pau]_[0-9a-f]{40}"),
      token("AKCp", START + "AKCp[A-Za-z0-9]{60}"),
      token("sntrys_ sntryu_", START + "sntry[su]_[\\w=+/-]{40}"),
      token("glc_", START + "glc_[A-Za-z0-9+/]{32}"),
      token("glsa_", START + "glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}"),
      // AI providers: OpenAI, Anthropic, Hugging Face.
      token("sk-proj- sk-svcacct- sk-admin-", START + "sk-(?:proj|svcacct|admin)-[\\w-]{20}"),
      token("T3BlbkFJ", START + "sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}"),
      token("sk-ant-", START + "sk-ant-(?:api|admin)\\d\\d-[\\w-]{20}"),
      token("hf_", START + "hf_[A-Za-z]{34}"),
      // Mail and messaging: SendGrid, Twilio API keys.
      token("SG.", START + "SG\\.[\\w-]{22}\\.[\\w-]{43}"),
      token("SK", START + "SK[0-9a-fA-F]{32}(?![0-9a-fA-F])"),
      // Hosting: DigitalOcean, Heroku, Shopify, Linear, Postman, New Relic, Mapbox secret tokens.
      token("doo_v1_ dop_v1_ dor_v1_", START + "do[opr]_v1_[a-f0-9]{64}"),
      token("HRKU-AA", START + "HRKU-AA[\\w-]{50}"),
      token("shpat_ shpca_ shppa_ shpss_", START + "shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}"),
      token("lin_api_", START + "lin_api_[A-Za-z0-9]{40}"),
      token("PMAK-", START + "PMAK-[a-f0-9]{24}-[a-f0-9]{34}"),
      token("NRAK-", START + "NRAK-[A-Z0-9]{27}"),
      token("sk.eyJ1Ijoi", START + "sk\\.eyJ1Ijoi[\\w-]{20}"));

  /** The literals of {@link #FORMATS} by their first character (all are ASCII). */
  private static final Literal[][] LITERALS_BY_FIRST_CHAR = literalsByFirstChar();

  /** {@code -----BEGIN} in base64: how a base64-encoded PEM block starts. */
  private static final String PEM_IN_BASE64 = "LS0tLS1CRUdJTi";

  private KnownSecretFormats() {}

  static List<Format> formats() {
    return FORMATS;
  }

  /** No format matches fewer characters ({@code xapp-1-ABCDEFGHI}); most CI values are shorter. */
  private static final int SHORTEST_MATCH = 16;

  /** The class of the first known format found in {@code value}, or null if there is none. */
  static SecretClass find(String value) {
    if (value.length() < SHORTEST_MATCH) return null;
    if (isBase64PemOf(value, "PRIVATE KEY")) return SecretClass.PRIVATE_KEY;
    long present = formatsWithALiteralIn(value);
    for (int f = 0; f < FORMATS.size(); f++) {
      if ((present & (1L << f)) != 0 && FORMATS.get(f).pattern().matcher(value).find()) return FORMATS.get(f).secretClass();
    }
    return null;
  }

  /** A bit per format, in {@link #FORMATS} order, set if the value contains one of its literals. */
  private static long formatsWithALiteralIn(String value) {
    long present = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= LITERALS_BY_FIRST_CHAR.length) continue;
      for (Literal literal : LITERALS_BY_FIRST_CHAR[c]) {
        if (value.startsWith(literal.text(), i)) present |= 1L << literal.format();
      }
    }
    return present;
  }

  private static Literal[][] literalsByFirstChar() {
    if (FORMATS.size() > Long.SIZE) throw new IllegalStateException("more formats than bits in a long");
    List<List<Literal>> byChar = new ArrayList<>();
    for (int c = 0; c < 128; c++) byChar.add(new ArrayList<>());
    for (int f = 0; f < FORMATS.size(); f++) {
      for (String text : FORMATS.get(f).literals()) byChar.get(text.charAt(0)).add(new Literal(text, f));
    }
    return byChar.stream().map(l -> l.toArray(Literal[]::new)).toArray(Literal[][]::new);
  }

  /**
   * True if {@code value} holds a base64-encoded PEM block (as kubeconfig's {@code *-data} fields
   * do) whose header contains {@code kind}, such as "PRIVATE KEY" or "CERTIFICATE".
   */
  static boolean isBase64PemOf(String value, String kind) {
    int at = value.indexOf(PEM_IN_BASE64);
    if (at < 0) return false;
    int end = at;
    while (end < value.length() && end - at < 96 && isBase64Char(value.charAt(end))) end++;
    String header;
    try {
      header = new String(Base64.getDecoder().decode(value.substring(at, at + (end - at) / 4 * 4)), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int eol = header.indexOf('\n');
    return (eol < 0 ? header : header.substring(0, eol)).contains(kind);
  }

  private static boolean isBase64Char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
  }
}
