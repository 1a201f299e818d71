package dev.fargateciaudit.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each rule of {@link SecretClassifier} decides; the labelled corpus is {@link SecretClassifierCorpusTest}. */
class SecretClassifierTest {
  @Test
  void theIssuesBucketNameIsNotASecret() {
    assertThat(SecretClassifier.classify("CI_CACHE_BUCKET", "gitlab-ci-cache-123456789012")).isEqualTo("plain");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      AWS_ACCESS_KEY_ID    | AKIAIOSFODNN7EXAMPLE                                  | aws-access-key-id
      STS_KEY              | ASIAIOSFODNN7EXAMPLE                                  | aws-access-key-id
      AWS_SECRET_ACCESS_KEY| wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY              | aws-secret-access-key
      CREDS_FILE           | aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | aws-secret-access-key
      GL                   | glpat-EXAMPLEfake0123456789                           | token
      GL_INSTANCE_PREFIX   | SIE-glpat-EXAMPLEfake0123456789                       | token
      DEPLOY               | gldt-EXAMPLEfake0123456789                            | token
      RUNNER               | glrt-EXAMPLEfake0123456789                            | token
      JOB                  | glcbt-66_EXAMPLEfake0123456789                        | token
      TRIGGER              | glptt-0123456789abcdef0123456789abcdef01234567        | token
      SCIM                 | glsoat-EXAMPLEfake0123456789                          | token
      REGISTRATION         | GR1348941EXAMPLEfake0123456789                        | token
      GH                   | ghp_EXAMPLEfake0123456789abcdefghijABCDEF             | token
      SLACK                | xoxb-123456789012-1234567890123-EXAMPLEfake0123456789 | token
      STRIPE               | sk_live_EXAMPLEfake0123456789abcd                     | token
      NPM                  | npm_EXAMPLEfake0123456789abcdefghijABCDEF             | token
      DOCKER               | dckr_pat_EXAMPLEfake0123456789abcdefg                 | token
      GOOGLE               | AIzaSyEXAMPLEfake0123456789abcdefghijAB               | token
      JWT                  | eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2lnbmF0dXJl    | token
      NPMRC                | //registry.npmjs.org/:_authToken=npm_EXAMPLEfake0123456789abcdefghijABCDEF | token
      KEY                  | -----BEGIN OPENSSH PRIVATE KEY-----\\nb3Bl\\n-----END OPENSSH PRIVATE KEY----- | private-key
      KEY_B64              | LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=          | private-key
      DATABASE_URL         | postgres://ci:Vt8kP2mQ9xLw4Rz@db.internal:5432/ci     | url-credentials
      REDIS_URL            | redis://:h7Jq2Lx9Wv4Kp8Nz@cache:6379/0                | url-credentials
      DOWNLOAD             | https://b.s3.amazonaws.com/x?X-Amz-Signature=0123abcd | url-credentials
      AZURE                | DefaultEndpointsProtocol=https;AccountName=a;AccountKey=Eby8vdM02xNOcqFl==;EndpointSuffix=core.windows.net | connection-string
      SQL                  | Server=db;Database=ci;User ID=ci;Password=Wq7mZ2kL9p; | connection-string
      MVN_OPTS             | -Drepo.password=Mvn-Deploy-2026                       | connection-string
      NETRC                | machine api.example.com login ci password Netrc-Pw    | connection-string
      HEADERS              | Authorization=Bearer%20abcdefgh12345678               | connection-string
      DB_PASSWORD          | hunter2                                               | secret-name
      dbPassword           | hunter2                                               | secret-name
      db-password          | hunter2                                               | secret-name
      PGPASSWORD           | hunter2                                               | secret-name
      CI_JOB_JWT_V2        | not-a-jwt-but-named-so                                | secret-name
      SECRET_KEY_BASE      | abc                                                   | secret-name
      STRIPE_SECRET_KEY    | abc                                                   | secret-name
      DOCKER_AUTH_CONFIG   | {}                                                    | secret-name
      TF_TOKEN_app_terraform_io | abc                                              | secret-name
      INTERNAL_API         | q3Vx9Lr2Tz8Wm4Kp7Yn1Bc6Hd5Jf0Gs+Ea/Ru2Io3Pl4Uk=       | high-entropy
      ALGOLIA_ADMIN        | 3f9a1c7e5b2d8f0a4c6e1b9d7f3a5c2e                      | high-entropy
      """)
  void classifies(String name, String value, String expected) {
    assertThat(SecretClassifier.classify(name, value.replace("\\n", "\n"))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', textBlock = """
      DB_PASSWORD          | arn:aws:secretsmanager:eu-west-2:123456789012:secret:ci/db-AbCdEf
      DB_PASSWORD          | ssm:/ci/db/password
      DB_PASSWORD          | vault:secret/data/ci#password
      DB_PASSWORD          | /run/secrets/db-password
      DB_PASSWORD          | ~/secrets/db
      SSH_PRIVATE_KEY      | ~/.ssh/id_ed25519
      DOCKERHUB_SECRET     | ci/dockerhub-login
      VAULT_SECRET         | secret/data/ci/deploy
      DB_PASSWORD          | $DB_PASS
      DB_PASSWORD          | ${DB_PASS}
      DB_PASSWORD          | ${{ secrets.DB_PASS }}
      DB_PASSWORD          | $(cat /run/secrets/db)
      DB_PASSWORD          | $USER:$PASS
      DB_PASSWORD          | ''
      DB_PASSWORD          | <password>
      DB_PASSWORD          | {{ .Password }}
      DB_PASSWORD          | ********
      DB_PASSWORD          | [MASKED]
      ENABLE_TOKEN         | true
      TOKEN                | 3600
      AUTH_TOKEN           | https://auth.example.com/token
      GITLAB_TOKEN_FILE    | gitlab-token.txt
      SECRET_NAME          | ci/registry-login
      SECRET_DETECTION_EXCLUDED_PATHS | tests/,docs/
      TOKEN_TTL            | 1h
      CI_RUNNER_SHORT_TOKEN| glrt-t3_k8NwQz2Lx
      STRIPE_PUBLISHABLE_KEY | pk_live_EXAMPLEfake0123456789abcdefghijABCDEFGHIJ0123456789
      CACHE_KEY            | node-modules-v2
      PUBLIC_KEY           | ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEXAMPLE runner@ci
      CI_REPOSITORY_URL    | https://gitlab-ci-token:[MASKED]@gitlab.example.com/group/project.git
      PIP_EXTRA_INDEX_URL  | https://gitlab-ci-token:${CI_JOB_TOKEN}@gitlab.example.com/simple
      SENTRY_DSN           | https://0123456789abcdef0123456789abcdef@o450.ingest.sentry.io/55
      GIT_REMOTE           | ssh://git@gitlab.example.com/group/project.git
      ROLE_ID              | AROAEXAMPLEROLEID1234
      REQUEST              | 123e4567-e89b-12d3-a456-426614174000
      BUILD                | 01JDQ6ZQ8KX3M9V2T7R5P4N1WB
      IMAGE                | registry.example.com/ci/job@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
      INTEGRITY            | sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==
      ROLE                 | ci-estate-TaskExecutionRole-1Q2W3E4R5T6Y7
      FUNCTION             | ci-estate-ServiceTaskDefinition-Kx7Pq2Lm9Wz4
      PROJECT_PATH         | platform/ci-estate/sub-group/very-long-project-name
      TIMEOUT              | PT5M
      VERSION              | 2.14.0-rc.1+build.2841
      BIG_NUMBER           | 179845729833448243217984572983344824321
      CA_DATA              | LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUI=
      WELCOME_TEXT         | hello there, general kenobi
      """)
  void plainlySomethingElse(String name, String value) {
    assertThat(SecretClassifier.classify(name, value)).isEqualTo("plain");
  }

  /**
   * A bare 40- or 64-hex value under a name that says nothing is taken for what it almost always is
   * in CI: a commit, an image id, a checksum or a key fingerprint. A hex secret of exactly that
   * length is caught by its name; a 32-hex value, the shape of many API keys, is still flagged.
   */
  @Test
  void bareDigestLengthHexUnderANeutralNameIsADigest() {
    String sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    String sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    assertThat(SecretClassifier.classify("SOURCE_VERSION", sha1)).isEqualTo("plain");
    assertThat(SecretClassifier.classify("GPG_KEY", sha1.toUpperCase())).isEqualTo("plain");
    assertThat(SecretClassifier.classify("BUILD_FINGERPRINT", sha256)).isEqualTo("plain");
    assertThat(SecretClassifier.classify("GITHUB_TOKEN", sha1)).isEqualTo("secret-name");
    assertThat(SecretClassifier.classify("ALGOLIA_ADMIN", sha1.substring(0, 32))).isEqualTo("high-entropy");
    assertThat(SecretClassifier.classify("ALGOLIA_ADMIN", sha1.substring(0, 39))).isEqualTo("high-entropy");
  }

  @Test
  void aNameThatSaysDigestOrIdSkipsTheEntropyRuleButNotKnownFormats() {
    String hex32 = "3f9a1c7e5b2d8f0a4c6e1b9d7f3a5c2e";
    assertThat(SecretClassifier.classify("ECS_TASK_ID", hex32)).isEqualTo("plain");
    assertThat(SecretClassifier.classify("JAR_MD5", hex32)).isEqualTo("plain");
    assertThat(SecretClassifier.classify("CI_COMMIT_BEFORE_SHA", "0000000000000000000000000000000000000000")).isEqualTo("plain");
    assertThat(SecretClassifier.classify("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")).isEqualTo("aws-access-key-id");
  }

  /** detect-secrets' limits: more than 3.0 bits per character for hex, more than 4.5 for base64. */
  @Test
  void entropyLimitsAreDetectSecretsDefaultsPerAlphabet() {
    String hex8 = "abcdef01".repeat(3);  // 8 symbols equally often: exactly 3.0 bits
    String hex9 = "abcdef012".repeat(3);  // 9 symbols: 3.17 bits
    assertThat(ShannonEntropy.bitsPerChar(hex8)).isEqualTo(3.0);
    assertThat(SecretClassifier.classify("X", hex8)).isEqualTo("plain");
    assertThat(SecretClassifier.classify("X", hex9)).isEqualTo("high-entropy");

    String b64With22 = "AbCdEfGhIjKlMnOpQrStUv".repeat(2);  // 4.46 bits
    String b64With23 = "AbCdEfGhIjKlMnOpQrStUvW".repeat(2);  // 4.52 bits
    assertThat(ShannonEntropy.bitsPerChar(b64With22)).isLessThan(4.5);
    assertThat(ShannonEntropy.bitsPerChar(b64With23)).isGreaterThan(4.5);
    assertThat(SecretClassifier.classify("X", b64With22)).isEqualTo("plain");
    assertThat(SecretClassifier.classify("X", b64With23)).isEqualTo("high-entropy");
  }

  @Test
  void entropyIsOnlyJudgedInTheHexAndBase64Alphabets() {
    String random = "q3Vx9Lr2Tz8Wm4Kp7Yn1Bc6Hd5Jf0Gs+Ea/Ru2Io3Pl4Uk=";
    assertThat(SecretClassifier.classify("BLOB", random)).isEqualTo("high-entropy");
    assertThat(SecretClassifier.classify("BLOB", random.replace('+', '!'))).isEqualTo("plain");
    assertThat(SecretClassifier.classify("BLOB", random.substring(0, 19))).isEqualTo("plain");
  }

  @Test
  void urlsCarryCredentialsOnlyWithARealPassword() {
    assertThat(SecretClassifier.classify("U", "https://user:pass@host.example.com/")).isEqualTo("url-credentials");
    assertThat(SecretClassifier.classify("U", "https://user:@host.example.com/")).isEqualTo("plain");
    assertThat(SecretClassifier.classify("U", "https://user@host.example.com/")).isEqualTo("plain");
    assertThat(SecretClassifier.classify("U", "https://user:****@host.example.com/")).isEqualTo("plain");
    assertThat(SecretClassifier.classify("U", "https://host.example.com:8443/path?ref=main")).isEqualTo("plain");
    assertThat(SecretClassifier.classify("U", "https://host.example.com/path?token=${TOKEN}")).isEqualTo("plain");
    assertThat(SecretClassifier.classify("U", "see https://ci:s3cret@host.example.com for details")).isEqualTo("url-credentials");
  }

  @Test
  void awsUniqueIdsThatAreNotKeysAreNotSecrets() {
    for (String prefix : List.of("AIDA", "AROA", "AGPA", "ANPA", "AIPA")) {
      assertThat(SecretClassifier.classify("PRINCIPAL", prefix + "IOSFODNN7EXAMPLE1")).as(prefix).isEqualTo("plain");
    }
  }

  @Test
  void nullAndBlankAreHandled() {
    assertThat(SecretClassifier.classify(null, null)).isEqualTo("plain");
    assertThat(SecretClassifier.classify("API_TOKEN", "   ")).isEqualTo("plain");
    assertThat(SecretClassifier.classify(null, "glpat-EXAMPLEfake0123456789")).isEqualTo("token");
  }

  /** Format patterns are compiled on first use, so a typo in one would only show on a value that has its literal. */
  @Test
  void everyFormatPatternCompiles() {
    assertThat(KnownSecretFormats.formats()).hasSizeGreaterThan(40)
        .allSatisfy(f -> assertThat(Pattern.compile(f.pattern().regex())).isNotNull());
  }

  @Test
  void looksSecretIsTrueForEveryClassButPlain() {
    for (SecretClass c : SecretClass.values()) {
      assertThat(SecretClassifier.looksSecret(c.id())).as(c.id()).isEqualTo(c != SecretClass.PLAIN);
    }
    assertThat(SecretClassifier.looksSecret(null)).isFalse();
  }

  @Test
  void theInventorySchemaListsExactlyTheClasses() {
    JsonNode e = InventorySchema.schema().getSchemaNode().path("$defs").path("EnvironmentVariable")
        .path("properties").path("classification").path("enum");
    List<String> ids = new ArrayList<>();
    e.forEach(n -> {
      if (!n.isNull()) ids.add(n.asText());
    });
    assertThat(ids).containsExactlyInAnyOrderElementsOf(Arrays.stream(SecretClass.values()).map(SecretClass::id).toList());
  }

  /**
   * A safety bound against catastrophic backtracking, not a benchmark: each value is 1 MiB, built
   * to make a backtracking pattern try every position; a quadratic scan of one takes hours.
   */
  @Test
  void hostileMegabyteValuesAreClassifiedInLinearTime() {
    int mib = 1 << 20;
    List<IntFunction<String>> hostile = List.of(
        n -> "a".repeat(n),
        n -> "glpat-".repeat(n / 6),
        n -> "eyJ".repeat(n / 3),
        n -> "eyJaaaaaaaaaaaa.".repeat(n / 16),
        n -> "-----BEGIN".repeat(n / 10),
        n -> "a://".repeat(n / 4),
        n -> "a://x:" + "x:".repeat(n / 2),
        n -> "https://u:" + "p".repeat(n),
        n -> "password=".repeat(n / 9),
        n -> "password ".repeat(n / 9) + "=",
        n -> "\"password\":\"" + "x".repeat(n),
        n -> "login a ".repeat(n / 8),
        n -> "${".repeat(n / 2),
        n -> "$(".repeat(n / 2),
        n -> "LS0tLS1CRUdJTi".repeat(n / 14),
        n -> "authorization: bearer ".repeat(n / 22),
        n -> "a-".repeat(n / 2) + "!",
        n -> "aB-".repeat(n / 3) + "!",
        n -> "Ab".repeat(n / 2) + "-x!",
        n -> "/ab".repeat(n / 3) + " ",
        n -> "AKIA".repeat(n / 4),
        n -> "0".repeat(n),
        n -> "A1".repeat(n / 2) + ".atlasv1.",
        n -> random(n, 7));
    for (int i = 0; i < hostile.size(); i++) {
      String v = hostile.get(i).apply(mib);
      assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
        SecretClassifier.classify("HOSTILE", v);
        SecretClassifier.classify("DB_PASSWORD", v);
        SecretClassifier.classify(v, v);
      }, "hostile value #" + i);
    }
  }

  /** Classification never throws, so no exception (and no stack trace in a log) can carry a value. */
  @Test
  void neverThrowsOnArbitraryInput() {
    Random r = new Random(28);
    String alphabet = "aZ09-_.:/@$={}()<>\"' \n\t+%;&?#~*[]\\\u00e9\u4e2d";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder();
      int len = r.nextInt(80);
      for (int j = 0; j < len; j++) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      String s = b.toString();
      assertThat(SecretClass.values()).extracting(SecretClass::id).contains(SecretClassifier.classify(s, s));
    }
  }

  private static String random(int n, long seed) {
    byte[] bytes = new byte[n * 3 / 4];
    new Random(seed).nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
