package dev.fargateciaudit.inventory;

/**
 * What {@link SecretClassifier} concluded about a plaintext environment value. The id is what the
 * inventory stores in {@code EnvironmentVariable.classification} and what rules and reports show;
 * the inventory schema lists the same ids (a test keeps the two equal).
 */
enum SecretClass {
  /** An AWS access key id ({@code AKIA}/{@code ASIA}/{@code ABIA}/{@code ACCA} and 16 base-32 characters). */
  AWS_ACCESS_KEY_ID("aws-access-key-id"),
  /** A 40-character AWS secret access key, under a name or in text that says so. */
  AWS_SECRET_ACCESS_KEY("aws-secret-access-key"),
  /** A PEM (or base64-encoded PEM) private key block, an age or PuTTY private key. */
  PRIVATE_KEY("private-key"),
  /** A provider's token format (GitLab, GitHub, Slack, Stripe, npm, PyPI, Docker Hub, Google, a JWT, ...). */
  TOKEN("token"),
  /** A URL whose user-info carries a password, or whose query carries a signature or token. */
  URL_CREDENTIALS("url-credentials"),
  /** A credential parameter in a connection string or configuration text ({@code Password=...;}, {@code AccountKey=...}). */
  CONNECTION_STRING("connection-string"),
  /** The variable's name says it holds a secret and its value is not plainly something else. */
  SECRET_NAME("secret-name"),
  /** A long random-looking value in the base64 or hex alphabet under a name that says nothing. */
  HIGH_ENTROPY("high-entropy"),
  /** None of the above. */
  PLAIN("plain");

  private final String id;

  SecretClass(String id) {
    this.id = id;
  }

  String id() {
    return id;
  }
}
