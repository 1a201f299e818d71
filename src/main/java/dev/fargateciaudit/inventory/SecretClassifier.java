package dev.fargateciaudit.inventory;

/**
 * Classifies a plaintext environment variable from its name and value, so the value can be
 * dropped at once: the class is all that any later stage (and any report) ever sees. Nothing here
 * logs, keeps or throws with the value.
 *
 * <p>The order follows established secret scanners (gitleaks, detect-secrets):
 * <ol>
 *   <li>the value holds a credential in a known format ({@link KnownSecretFormats}: a provider's
 *       token, a private key, an AWS access key id) or in a known place ({@link EmbeddedCredentials}:
 *       a URL or connection string with a password, an AWS secret key under its name);
 *   <li>the name says secret ({@link VariableName#saysSecret}) and the value is not plainly
 *       something else ({@link OrdinaryValues#isPlainlyNotASecret}: a reference, a path, a flag, a
 *       number, a placeholder);
 *   <li>the name says neither secret nor digest nor identifier ({@link VariableName#saysDigestOrId}),
 *       the value is random in the hex or base64 alphabet ({@link ShannonEntropy}) and has no
 *       ordinary shape ({@link OrdinaryValues#hasOrdinaryShape}).
 * </ol>
 * Class ids are those of {@link SecretClass}.
 */
public final class SecretClassifier {
  private SecretClassifier() {}

  /** The class id of an environment variable: one of {@link SecretClass}'s, {@code plain} for a null or blank value. */
  public static String classify(String name, String value) {
    return classOf(VariableName.parse(name), value == null ? "" : value.strip()).id();
  }

  static SecretClass classOf(VariableName name, String value) {
    if (value.isEmpty()) return SecretClass.PLAIN;
    SecretClass known = KnownSecretFormats.find(value);
    if (known == null) known = EmbeddedCredentials.find(name, value);
    if (known != null) return known;
    if (name.saysSecret()) return OrdinaryValues.isPlainlyNotASecret(value) ? SecretClass.PLAIN : SecretClass.SECRET_NAME;
    if (name.saysDigestOrId() || !ShannonEntropy.looksRandom(value)) return SecretClass.PLAIN;
    return OrdinaryValues.hasOrdinaryShape(value) ? SecretClass.PLAIN : SecretClass.HIGH_ENTROPY;
  }

  /** True for every class except {@code plain}. */
  public static boolean looksSecret(String classification) {
    return classification != null && !SecretClass.PLAIN.id().equals(classification);
  }
}
