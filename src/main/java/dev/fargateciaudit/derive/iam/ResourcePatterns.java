package dev.fargateciaudit.derive.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a statement's {@code Resource} (or {@code NotResource}) reaches every resource an action
 * applies to. Patterns are compared as IAM compares them, not as text: the question is asked of a
 * probe ARN of the action's resource type, named {@link AccountScope#UNCHOSEN}, in the estate's own
 * account and each of its regions. {@code *}, {@code arn:*}, {@code arn:aws:*:*:*:*},
 * {@code arn:aws:secretsmanager:*:*:secret:*} (for a secrets action) and
 * {@code arn:aws:iam::*:role/*} (for {@code iam:PassRole}) match it; a pattern that names a
 * resource, or a name prefix such as {@code secret:ci/*}, does not. In {@code Resource} a wildcard
 * spans colons and slashes (IAM's policy simulator grants {@code arn:aws:s3:::b/foo/}{@code *}{@code /bar}
 * on {@code b/foo/1/2/bar}); a policy variable the probe cannot fill matches nothing.
 */
public final class ResourcePatterns {
  private ResourcePatterns() {}

  /**
   * The pattern through which the statement reaches every resource {@code action} applies to
   * ({@code "NotResource ..."} when through {@code NotResource}), or null when it does not.
   */
  public static String everyResourceVia(String action, List<String> resources, List<String> notResources,
      boolean policyVariables, AccountScope scope) {
    if (!notResources.isEmpty()) {
      for (String probe : probes(action, scope)) {
        if (!anyMatches(notResources, probe, policyVariables)) return "NotResource " + String.join(",", notResources);
      }
      return null;
    }
    for (String r : resources) {
      if (r.equals("*")) return r;
      if (!mayMatchUnchosen(r)) continue;
      for (String probe : probes(action, scope)) {
        if (matches(r, probe, policyVariables)) return r;
      }
    }
    return null;
  }

  /** A region the estate does not audit: a grant on every resource reaches the account's other regions too. */
  private static final String UNCHOSEN_REGION = "zz-" + AccountScope.UNCHOSEN + "-9";

  /**
   * True when a statement with these {@code Resource}/{@code NotResource} patterns reaches every
   * resource {@code action} applies to: each probe ARN of {@link #probes}, in each region of the
   * estate and a region it does not audit, and the same in another account. What a Deny must reach to cancel a grant on every
   * resource ({@link #everyResourceVia} asks only whether a grant reaches one probe).
   */
  public static boolean reachesEveryProbe(String action, List<String> resources, List<String> notResources,
      boolean policyVariables, AccountScope scope) {
    if (resources.isEmpty() && notResources.isEmpty() || policyVariables && hasVariable(notResources)) return false;
    List<String> regions = new ArrayList<>(scope.regions());
    regions.add(UNCHOSEN_REGION);
    List<String> probes = new ArrayList<>(probes(action, new AccountScope(scope.partition(), scope.account(), regions)));
    probes.addAll(probes(action, new AccountScope(scope.partition(), scope.foreignAccount(), regions)));
    for (String probe : probes) {
      boolean reached = notResources.isEmpty() ? anyMatches(resources, probe, policyVariables)
          : !anyMatches(notResources, probe, policyVariables);
      if (!reached) return false;
    }
    return true;
  }

  /** True when one of the patterns holds {@code $}{@code {...}}: a policy variable, in a 2012-10-17 policy. */
  public static boolean hasVariable(List<String> patterns) {
    for (String p : patterns) {
      if (p.contains("${")) return true;
    }
    return false;
  }

  /**
   * False for a pattern with no wildcard: it names one resource, never the probe. Most statements
   * name their resources or use {@code *}, and derive asks this of every sensitive action of every
   * statement of every CI role.
   */
  public static boolean mayMatchUnchosen(String pattern) {
    return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
  }

  /**
   * False when {@code pattern} certainly names no resource of {@code type} in {@code service}: it
   * writes out the service and the resource type ({@code arn:P:SERVICE:R:A:TYPE/...}) with no
   * wildcard or variable up to the type's end, and they differ. {@code ecs:RunTask} on
   * {@code task/CLUSTER/*}, written beside StopTask and DescribeTasks, starts no task definition.
   */
  public static boolean mayNameType(String pattern, String service, String type) {
    int start = 0;
    for (int i = 0; i < 5; i++) {
      start = pattern.indexOf(':', start) + 1;
      if (start == 0) return true;
    }
    int end = start;
    while (end < pattern.length() && pattern.charAt(end) != '/' && pattern.charAt(end) != ':') end++;
    String head = pattern.substring(0, end);
    if (head.indexOf('*') >= 0 || head.indexOf('?') >= 0 || head.contains("${") || !head.startsWith("arn:")) return true;
    String[] parts = head.split(":", -1);
    return parts[2].equalsIgnoreCase(service) && pattern.substring(start, end).equalsIgnoreCase(type);
  }

  /** True when {@code pattern}, a {@code Resource} value, matches {@code arn}. */
  public static boolean matches(String pattern, String arn, boolean policyVariables) {
    Template.Resolved p = Template.parse(pattern, policyVariables).resolve(RequestContext.EMPTY);
    return p != null && Template.like(p, arn);
  }

  private static boolean anyMatches(List<String> patterns, String arn, boolean policyVariables) {
    for (String p : patterns) {
      if (matches(p, arn, policyVariables)) return true;
    }
    return false;
  }

  /**
   * Probe ARNs of the resource type {@code action} applies to, one per region of the estate. The
   * types of the actions the IAM rules ask about are known; any other action gets
   * {@code arn:PARTITION:SERVICE:REGION:ACCOUNT:NAME}.
   */
  static List<String> probes(String action, AccountScope scope) {
    String a = action.toLowerCase(Locale.ROOT);
    int colon = a.indexOf(':');
    String service = colon < 0 ? a : a.substring(0, colon);
    String name = AccountScope.UNCHOSEN;
    String account = scope.account();
    switch (service) {
      case "iam", "sts":
        return List.of(scope.arn("iam", "", account, "role/" + name));
      case "s3":
        return List.of("arn:" + scope.partition() + ":s3:::" + name + "/" + name);
      default:
        break;
    }
    String resource = switch (service) {
      case "secretsmanager" -> "secret:" + name + "-AbCdEf";
      case "ssm" -> "parameter/" + name;
      case "kms" -> "key/" + name;
      case "ecr" -> "repository/" + name;
      case "ecs" -> a.equals("ecs:runtask") ? "task-definition/" + name + ":1" : "task/" + name + "/" + name;
      default -> name;
    };
    List<String> out = new ArrayList<>();
    for (String region : scope.regions()) out.add(scope.arn(service, region, account, resource));
    return out;
  }
}
