package dev.fargateciaudit.collect;

/** Parts of ARNs and image references the collectors scope their calls with. */
final class Arns {
  private Arns() {}

  /** The region field of an ARN, or null when {@code arn} is not an ARN. */
  static String region(String arn) {
    String[] p = arn == null ? new String[0] : arn.split(":", 6);
    return p.length == 6 && p[0].equals("arn") && !p[3].isEmpty() ? p[3] : null;
  }

  /** The last path segment of an ARN's resource (a role's or instance profile's name). */
  static String lastName(String arn) {
    if (arn == null) return null;
    int slash = arn.lastIndexOf('/');
    if (slash >= 0) return arn.substring(slash + 1);
    int colon = arn.lastIndexOf(':');
    return colon >= 0 ? arn.substring(colon + 1) : arn;
  }

  /** {@code family:revision} of a task definition ARN or reference; a bare family stays as is. */
  static String taskDefinitionKey(String ref) {
    if (ref == null) return null;
    int slash = ref.indexOf("task-definition/");
    return slash >= 0 ? ref.substring(slash + "task-definition/".length()) : ref;
  }
}
