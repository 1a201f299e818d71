package dev.fargateciaudit.derive;

import java.util.List;

/**
 * A container's secret reference as ECS reads it: which store it names and how to look it up.
 * One definition for live collection (what to describe) and derive (what to resolve it to).
 *
 * <ul>
 *   <li>{@code repositoryCredentials.credentialsParameter}: a Secrets Manager secret by full ARN,
 *       partial ARN (without the six random characters) or name.
 *   <li>{@code secrets[].valueFrom}: a Secrets Manager ARN, possibly followed by
 *       {@code :json-key:version-stage:version-id} (stripped for the lookup: they name a part or a
 *       version of the secret); an SSM Parameter Store ARN; anything else is the name of a parameter
 *       in the task's region (ECS accepts a bare name only for Parameter Store).
 * </ul>
 *
 * @param store {@code secretsmanager} or {@code ssm}
 * @param lookup what the secret is looked up by: the ARN without its suffix, the partial ARN or name
 *     (Secrets Manager); the parameter's ARN or name (Parameter Store)
 * @param region where to look: the ARN's region, else the task definition's
 * @see <a href="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html">Pass Secrets Manager secrets through Amazon ECS environment variables</a>
 * @see <a href="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html">Pass Systems Manager parameters through Amazon ECS environment variables</a>
 */
public record SecretLookup(String store, String lookup, String region) {
  public static final String SECRETS_MANAGER = "secretsmanager";
  public static final String SSM = "ssm";

  /** A registry login ({@code repositoryCredentials}): always Secrets Manager. */
  public static SecretLookup ofRepositoryCredentials(String reference, String taskRegion) {
    return new SecretLookup(SECRETS_MANAGER, secretArn(reference), regionOf(reference, taskRegion));
  }

  /** A {@code secrets[].valueFrom}. */
  public static SecretLookup ofValueFrom(String valueFrom, String taskRegion) {
    if (valueFrom.startsWith("arn:") && SECRETS_MANAGER.equals(field(valueFrom, 2))) {
      return new SecretLookup(SECRETS_MANAGER, secretArn(valueFrom), regionOf(valueFrom, taskRegion));
    }
    return new SecretLookup(SSM, valueFrom, regionOf(valueFrom, taskRegion));
  }

  public boolean parameterStore() {
    return SSM.equals(store);
  }

  /** The account an ARN reference names, or null for a name. */
  public String account() {
    return lookup.startsWith("arn:") ? field(lookup, 4) : null;
  }

  /**
   * The names a Parameter Store reference may mean, to look up with {@code DescribeParameters}: a
   * bare name as written; from an ARN, the part after {@code parameter/}, with a leading slash when
   * it is a path ({@code parameter/ci/npm/token} is {@code /ci/npm/token}) and both ways when it is
   * one word (the ARN of {@code /token} and of {@code token} read alike).
   */
  public List<String> parameterNames() {
    if (!lookup.startsWith("arn:")) return List.of(lookup);
    int i = lookup.indexOf(":parameter/");
    if (i < 0) return List.of();
    String rest = lookup.substring(i + ":parameter/".length());
    if (rest.isEmpty()) return List.of();
    return rest.contains("/") ? List.of("/" + rest) : List.of(rest, "/" + rest);
  }

  /**
   * The first seven ARN fields of a Secrets Manager reference: {@code valueFrom} may append
   * {@code :json-key:version-stage:version-id}. A name or partial ARN is returned as it is.
   */
  public static String secretArn(String reference) {
    if (!reference.startsWith("arn:")) return reference;
    String[] p = reference.split(":", -1);
    if (p.length <= 7) return reference;
    return String.join(":", java.util.Arrays.copyOf(p, 7));
  }

  /** The region of an ARN reference, else {@code fallback}. */
  private static String regionOf(String reference, String fallback) {
    String r = reference.startsWith("arn:") ? field(reference, 3) : null;
    return r == null || r.isEmpty() ? fallback : r;
  }

  /** The {@code n}th colon-separated field of an ARN, or null. */
  private static String field(String arn, int n) {
    int from = 0;
    for (int i = 0; i < n; i++) {
      from = arn.indexOf(':', from);
      if (from < 0) return null;
      from++;
    }
    int to = arn.indexOf(':', from);
    return to < 0 ? arn.substring(from) : arn.substring(from, to);
  }
}
