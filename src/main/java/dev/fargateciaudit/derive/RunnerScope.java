package dev.fargateciaudit.derive;

import dev.fargateciaudit.derive.iam.AccountScope;
import dev.fargateciaudit.derive.iam.ConditionProbes;
import dev.fargateciaudit.derive.iam.ConditionProbes.Requesters;
import dev.fargateciaudit.inventory.AttachedPolicy;
import dev.fargateciaudit.inventory.Ec2Instance;
import dev.fargateciaudit.inventory.IamInstanceProfile;
import dev.fargateciaudit.inventory.IamRole;
import dev.fargateciaudit.inventory.InlinePolicy;
import dev.fargateciaudit.inventory.TaskDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who the runner is and which task definitions it may start: one definition for live collection
 * (which describes what the runner may start, run or not) and for derive (which puts it in scope),
 * so the two cannot disagree.
 *
 * <p>The runner may start a task-definition revision when an {@code Allow} statement of its role
 * grants {@code ecs:RunTask} on it ({@code Resource} matching its ARN, with or without the
 * revision, or a {@code NotResource} leaving it out) and the statement's conditions let it start a
 * task in a CI cluster ({@link ConditionProbes#allowsRunTaskIn}), and no Deny statement of the role
 * certainly refuses it: one whose {@code Action} covers {@code ecs:RunTask}, whose {@code Resource}
 * matches the revision's own ARN (or {@code NotResource} leaves it in), and whose conditions hold
 * in each CI cluster ({@link Denies}). A Deny narrows the scope, so leaving an uncertain one out
 * keeps a revision audited that the runner perhaps cannot start (a finding to waive), where
 * crediting it wrongly would hide one it can. A policy of the role that cannot be read may grant
 * anything: {@link #unreadable()} then says that every task definition may be started.
 */
public final class RunnerScope {
  /** One statement's grant: its {@code Resource} patterns, or everything but its {@code NotResource} ones. */
  private record Grant(List<String> resources, List<String> notResources, String location) {}

  private final String roleName;
  private final List<Grant> grants;
  /** The role's Deny statements that refuse ecs:RunTask in every CI cluster, whatever their resources. */
  private final List<PolicyStatement> denies;
  private final boolean unreadable;

  private RunnerScope(String roleName, List<Grant> grants, List<PolicyStatement> denies, boolean unreadable) {
    this.roleName = roleName;
    this.grants = List.copyOf(grants);
    this.denies = List.copyOf(denies);
    this.unreadable = unreadable;
  }

  /** A runner that may start nothing (no runner role found). */
  public static final RunnerScope NONE = new RunnerScope(null, List.of(), List.of(), false);

  /**
   * @param ciClusterArns the CI clusters
   * @param anyCluster true when every cluster is CI (none configured, no runner config): a grant in
   *     any cluster counts
   */
  public static RunnerScope of(IamRole role, List<String> ciClusterArns, boolean anyCluster, AccountScope scope) {
    if (role == null) return NONE;
    List<PolicyStatement> statements = new ArrayList<>();
    boolean unreadable = false;
    for (AttachedPolicy p : role.attachedPolicies()) unreadable |= !parseInto(statements, p.name(), p.arn(), p.awsManaged(), p.document());
    for (InlinePolicy p : role.inlinePolicies()) unreadable |= !parseInto(statements, p.name(), null, false, p.document());
    List<Grant> grants = new ArrayList<>();
    for (PolicyStatement s : statements) {
      if (!s.allow() || !s.grants("ecs:RunTask")) continue;
      if (!ConditionProbes.allowsRunTaskIn(s.conditions(), ciClusterArns, anyCluster, scope)) continue;
      grants.add(new Grant(s.resources(), s.notResources(), s.location()));
    }
    List<String> clusters = new ArrayList<>(ciClusterArns);
    if (anyCluster) clusters.addAll(ConditionProbes.unnamedClusters(scope));
    Requesters inCi = ConditionProbes.role(role.arn(), scope).varying("ecs:cluster", clusters);
    return new RunnerScope(role.name(), grants, Denies.of(statements).refusing("ecs:RunTask", inCi), unreadable);
  }

  /** True when some policy of the runner role could not be read: it may start anything. */
  public boolean unreadable() {
    return unreadable;
  }

  /**
   * The task-definition ARN patterns the runner may start ({@code *} for a {@code NotResource}
   * grant): what live collection lists and describes.
   */
  public List<String> patterns() {
    List<String> out = new ArrayList<>();
    for (Grant g : grants) {
      if (!g.notResources().isEmpty()) out.add("*");
      else out.addAll(g.resources());
    }
    return out;
  }

  /** Why the runner may start {@code td}, or null when it may not. */
  public String reason(TaskDefinition td) {
    if (roleName == null || td.arn() == null) return null;
    if (unreadable) {
      return "the runner role " + roleName + " has a policy that could not be read, so it may start any task definition";
    }
    if (refused(td.arn())) return null;
    String familyArn = withoutRevision(td.arn());
    for (Grant g : grants) {
      String on = g.notResources().isEmpty() ? matching(g.resources(), td.arn(), familyArn)
          : matching(g.notResources(), td.arn(), familyArn) == null ? "everything but " + String.join(", ", g.notResources()) : null;
      if (on != null) return "the runner role " + roleName + " may start it (ecs:RunTask on " + on + ", " + g.location() + ")";
    }
    return null;
  }

  /** True when a grant of the runner role reaches the task-definition revision {@code arn}. */
  public boolean mayStart(String arn) {
    return arn != null && !refused(arn) && grant(arn) != null;
  }

  /** True when a Deny of the role certainly refuses starting the revision {@code arn} in every CI cluster. */
  private boolean refused(String arn) {
    for (PolicyStatement d : denies) {
      if (Denies.reaches(d, arn)) return true;
    }
    return false;
  }

  private Grant grant(String arn) {
    String familyArn = withoutRevision(arn);
    for (Grant g : grants) {
      if (g.notResources().isEmpty() ? matching(g.resources(), arn, familyArn) != null
          : matching(g.notResources(), arn, familyArn) == null) {
        return g;
      }
    }
    return null;
  }

  /** The first pattern that matches the revision's ARN or its family's (a pattern without a revision names them all), or null. */
  private static String matching(List<String> patterns, String arn, String familyArn) {
    for (String r : patterns) {
      if (r.equals("*") || IamPatterns.resourceMatches(r, arn) || IamPatterns.resourceMatches(r, familyArn)) return r;
    }
    return null;
  }

  private static boolean parseInto(List<PolicyStatement> into, String name, String arn, boolean managed,
      com.fasterxml.jackson.databind.JsonNode doc) {
    try {
      into.addAll(PolicyStatement.parse(name, arn, managed, doc));
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * A task-definition ARN without its {@code :revision} (the digits after its last colon), which is
   * how a policy names every revision of a family.
   */
  public static String withoutRevision(String arn) {
    int colon = arn.lastIndexOf(':');
    if (colon < 0 || colon == arn.length() - 1) return arn;
    for (int i = colon + 1; i < arn.length(); i++) {
      char c = arn.charAt(i);
      if (c < '0' || c > '9') return arn;
    }
    return arn.substring(0, colon);
  }

  // ---------------------------------------------------------------- who the runner is

  /**
   * The runner instances: with {@code configuredRole} in their instance profile; with none
   * configured, those whose {@code Name} tag or instance profile says {@code runner}.
   */
  public static List<Ec2Instance> instances(String configuredRole, List<Ec2Instance> instances,
      Map<String, IamInstanceProfile> profilesByArn) {
    List<Ec2Instance> out = new ArrayList<>();
    for (Ec2Instance i : instances) {
      IamInstanceProfile p = i.instanceProfileArn() == null ? null : profilesByArn.get(i.instanceProfileArn());
      boolean hasRole = configuredRole != null && p != null && p.roleArns().contains(configuredRole);
      boolean looksRunner = configuredRole == null
          && (i.tags().getOrDefault("Name", "").toLowerCase(Locale.ROOT).contains("runner")
              || (i.instanceProfileArn() != null && i.instanceProfileArn().toLowerCase(Locale.ROOT).contains("runner")));
      if (hasRole || looksRunner) out.add(i);
    }
    return out;
  }

  /** The runner role: {@code configuredRole}, else the first role of the first runner instance's profile; null if none. */
  public static String roleArn(String configuredRole, List<Ec2Instance> runnerInstances,
      Map<String, IamInstanceProfile> profilesByArn) {
    if (configuredRole != null) return configuredRole;
    for (Ec2Instance i : runnerInstances) {
      IamInstanceProfile p = i.instanceProfileArn() == null ? null : profilesByArn.get(i.instanceProfileArn());
      if (p != null && !p.roleArns().isEmpty()) return p.roleArns().get(0);
    }
    return null;
  }
}
