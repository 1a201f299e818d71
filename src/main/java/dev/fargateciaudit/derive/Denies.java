package dev.fargateciaudit.derive;

import dev.fargateciaudit.derive.iam.AccountScope;
import dev.fargateciaudit.derive.iam.Clause;
import dev.fargateciaudit.derive.iam.ConditionProbes;
import dev.fargateciaudit.derive.iam.ConditionProbes.Requesters;
import dev.fargateciaudit.derive.iam.Glob;
import dev.fargateciaudit.derive.iam.ResourcePatterns;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code Deny} statements of one set of policies (a role's identity policies, or one resource
 * policy), and the grants IAM certainly refuses because of them: an explicit deny overrides any
 * allow. A Deny cancels a grant only when it certainly applies to every request the question is
 * about: its {@code Action}/{@code NotAction} covers the action (case-insensitively, wildcards
 * compared as patterns), its {@code Resource}/{@code NotResource} covers the whole resource set of
 * the grant, and its conditions hold for each of the question's requests
 * ({@link ConditionProbes#certainlyApplies}). Short of that the grant stands and the rule still
 * fails: a Deny wrongly credited would hide a grant.
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html">Policy evaluation logic</a>
 */
final class Denies {
  static final Denies NONE = new Denies(List.of());

  private final List<PolicyStatement> statements;

  private Denies(List<PolicyStatement> statements) {
    this.statements = statements;
  }

  static Denies of(List<PolicyStatement> statements) {
    List<PolicyStatement> d = new ArrayList<>();
    for (PolicyStatement s : statements) {
      if (!s.allow()) d.add(s);
    }
    return d.isEmpty() ? NONE : new Denies(List.copyOf(d));
  }

  boolean isEmpty() {
    return statements.isEmpty();
  }

  /** The Deny statements that refuse {@code action} to each of {@code who}, whatever their resources. */
  List<PolicyStatement> refusing(String action, Requesters who) {
    List<PolicyStatement> out = new ArrayList<>();
    for (PolicyStatement d : statements) {
      if (names(d, action) && ConditionProbes.certainlyApplies(d.conditions(), who)) out.add(d);
    }
    return out;
  }

  /**
   * True when the Deny's {@code Action} names {@code action} with only ASCII letters folded (IAM's
   * action names are ASCII: a Kelvin sign, which Java lower-cases to {@code k}, is no {@code K}),
   * or its {@code NotAction} leaves it in under any folding.
   */
  private static boolean names(PolicyStatement d, String action) {
    if (!d.grants(action)) return false;
    if (!d.notActions().isEmpty()) return true;
    for (String a : d.actions()) {
      if (Glob.matches(a, 0, a.length(), null, action, 0, action.length(), true)) return true;
    }
    return false;
  }

  /** The first Deny that refuses {@code action} to each of {@code who} on every resource it applies to, or null. */
  PolicyStatement onEveryResource(String action, Requesters who, AccountScope scope) {
    if (statements.isEmpty()) return null;
    for (PolicyStatement d : refusing(action, who)) {
      if (ResourcePatterns.reachesEveryProbe(action, d.resources(), d.notResources(), d.policyVariables(), scope)) return d;
    }
    return null;
  }

  /** The first Deny that refuses {@code action} to each of {@code who} on every resource {@code allow} names, or null. */
  PolicyStatement onResourcesOf(PolicyStatement allow, String action, Requesters who) {
    if (statements.isEmpty()) return null;
    for (PolicyStatement d : refusing(action, who)) {
      if (coversResources(d, allow.resources(), allow.notResources())) return d;
    }
    return null;
  }

  /**
   * True when the Deny reaches every resource the patterns name: each {@code Resource} pattern lies
   * within one of the Deny's, or (against a {@code NotResource} Deny) names one ARN the Deny does not
   * leave out. A grant through {@code NotResource} is covered only by a Deny on {@code *}.
   */
  static boolean coversResources(PolicyStatement deny, List<String> resources, List<String> notResources) {
    if (!notResources.isEmpty() || resources.isEmpty()) return deny.notResources().isEmpty() && deny.resources().contains("*");
    for (String r : resources) {
      if (!coversResource(deny, r)) return false;
    }
    return true;
  }

  private static boolean coversResource(PolicyStatement deny, String pattern) {
    if (!deny.notResources().isEmpty()) {
      if (ResourcePatterns.mayMatchUnchosen(pattern) || leavesOutUnknown(deny)) return false;
      for (String n : deny.notResources()) {
        if (ResourcePatterns.matches(n, pattern, deny.policyVariables())) return false;
      }
      return true;
    }
    for (String d : deny.resources()) {
      if (!d.contains("${") && Glob.covers(d, pattern, false)) return true;
    }
    return false;
  }

  /**
   * True when the Deny reaches the one resource {@code arn} (a resource policy's own resource): no
   * {@code Resource} element (the policy's resource), a pattern matching it, or a {@code NotResource}
   * leaving it in. With no ARN known only a Deny on every resource reaches it.
   */
  static boolean reaches(PolicyStatement deny, String arn) {
    if (deny.resources().isEmpty() && deny.notResources().isEmpty()) return true;
    if (arn == null || arn.isEmpty()) return deny.notResources().isEmpty() && deny.resources().contains("*");
    if (!deny.notResources().isEmpty()) {
      if (leavesOutUnknown(deny)) return false;
      for (String n : deny.notResources()) {
        if (ResourcePatterns.matches(n, arn, deny.policyVariables())) return false;
      }
      return true;
    }
    for (String r : deny.resources()) {
      if (ResourcePatterns.matches(r, arn, deny.policyVariables())) return true;
    }
    return false;
  }

  /** A {@code NotResource} with a policy variable leaves out what the request fills in: nothing certain. */
  private static boolean leavesOutUnknown(PolicyStatement deny) {
    return deny.policyVariables() && ResourcePatterns.hasVariable(deny.notResources());
  }

  /** True when the Deny has a {@code NotResource} that names what it leaves out (no policy variable the request fills in). */
  static boolean leavesOutKnown(PolicyStatement deny) {
    return !deny.notResources().isEmpty() && !leavesOutUnknown(deny);
  }

  /**
   * True when the Deny covers every action the action pattern {@code allowed} names (with
   * {@code not}: every action but those): within one of its {@code Action} patterns, or a single
   * action its {@code NotAction} does not list. Against an allowed {@code NotAction} only a Deny
   * whose {@code Action} is {@code *}, or whose {@code NotAction} lists only actions the allowed
   * {@code NotAction} lists too, covers it.
   */
  static boolean coversAction(PolicyStatement deny, String allowed) {
    if (!deny.notActions().isEmpty()) {
      if (ResourcePatterns.mayMatchUnchosen(allowed)) return false;
      return deny.grants(allowed);
    }
    for (String a : deny.actions()) {
      if (Glob.covers(a, allowed, true)) return true;
    }
    return false;
  }

  static boolean coversNotAction(PolicyStatement deny, List<String> allowedNot) {
    if (deny.notActions().isEmpty()) return deny.actions().contains("*");
    for (String n : deny.notActions()) {
      boolean within = false;
      for (String a : allowedNot) within |= Glob.covers(a, n, true);
      if (!within) return false;
    }
    return true;
  }

  /** The values the Deny statements' conditions name for {@code key}, under any operator: what they let through or refuse. */
  List<String> namedValues(String key) {
    List<String> out = new ArrayList<>();
    for (PolicyStatement d : statements) {
      for (Clause c : d.conditions().clauses()) {
        if (c.key().equalsIgnoreCase(key)) out.addAll(c.values());
      }
    }
    return out;
  }

  /** The statements, in policy order. */
  List<PolicyStatement> statements() {
    return statements;
  }
}
