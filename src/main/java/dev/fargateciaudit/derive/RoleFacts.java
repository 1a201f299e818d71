package dev.fargateciaudit.derive;

import dev.fargateciaudit.inventory.AttachedPolicy;
import dev.fargateciaudit.inventory.CollectionError;
import dev.fargateciaudit.inventory.IamRole;
import dev.fargateciaudit.inventory.InlinePolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Analyses one CI role's policies and trust policy into the {@code role} subject's fields. */
final class RoleFacts {
  /** Actions that must never be granted on every resource. */
  static final List<String> SENSITIVE_ACTIONS = List.of(
      "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "ssm:GetParameter",
      "ssm:GetParameters", "ssm:GetParametersByPath", "kms:Decrypt", "iam:PassRole",
      "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "sts:AssumeRole", "ecr:PutImage");

  /** Permissions that let the holder grant itself more (Rhino Security Labs' IAM escalation list). */
  static final List<String> ESCALATION_ACTIONS = List.of(
      "iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion",
      "iam:AttachUserPolicy", "iam:PutUserPolicy", "iam:AttachGroupPolicy", "iam:PutGroupPolicy",
      "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
      "iam:UpdateAssumeRolePolicy", "iam:AddUserToGroup");

  /** Partners of an unscoped iam:PassRole that start compute with any role. */
  static final List<String> PASSROLE_PARTNERS = List.of(
      "ecs:RunTask", "ecs:RegisterTaskDefinition", "ec2:RunInstances", "lambda:CreateFunction",
      "cloudformation:CreateStack", "glue:CreateDevEndpoint");

  private static final Pattern BROAD_MANAGED =
      Pattern.compile("(?i)^(AdministratorAccess|PowerUserAccess|IAMFullAccess|.*FullAccess.*|.*ReadWrite.*)$");

  private RoleFacts() {}

  /**
   * @param kinds {@code execution}, {@code task}, {@code runner}
   * @param ciTaskRoleArns ARNs of the execution and task roles of CI task definitions
   * @param allRoleArns every role ARN in the inventory (to judge PassRole scope)
   * @param expectedFamilies task-definition family globs the runner may start
   */
  static Map<String, Object> fields(IamRole role, Set<String> kinds, Set<String> ciTaskRoleArns,
      NavigableSet<String> allRoleArns, List<String> expectedFamilies, String account, List<CollectionError> gaps) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("id", Facts.str(role.arn()));
    f.put("arn", Facts.str(role.arn()));
    f.put("name", Facts.str(role.name()));
    f.put("kinds", List.copyOf(kinds));
    f.put("permissionsBoundary", Facts.str(role.permissionsBoundaryArn()));

    List<PolicyStatement> statements = new ArrayList<>();
    f.put("managedPolicies", managedPolicies(role, statements, gaps));
    inlineStatements(role, statements, gaps);
    f.put("inlinePolicies", role.inlinePolicies().stream().map(p -> Facts.str(p.name())).toList());
    grants(f, statements);
    passRole(f, statements, ciTaskRoleArns, allRoleArns);
    runTask(f, statements, expectedFamilies);
    trust(f, role, kinds, account, gaps);
    return f;
  }

  /*
   * fields is called once per CI role, and its parts each loop over the role's policies or
   * statements: kept apart, each is a small method the JIT compiles once, where one method of them
   * all was compiled twice at scale 100,000 (once on the stack, while its loops ran), 40 to 72 KB
   * of machine code each time.
   */

  /** The attached policies' facts; their statements are added to {@code statements}. */
  private static List<Map<String, Object>> managedPolicies(IamRole role, List<PolicyStatement> statements,
      List<CollectionError> gaps) {
    List<Map<String, Object>> managed = new ArrayList<>();
    for (AttachedPolicy p : role.attachedPolicies()) {
      List<PolicyStatement> ps = List.of();
      try {
        ps = PolicyStatement.parse(p.name(), p.awsManaged(), p.document());
      } catch (IllegalArgumentException e) {
        gaps.add(new CollectionError("iam", "GetPolicyVersion", null, "PolicyDocumentUnavailable", e.getMessage(), role.name()));
      }
      statements.addAll(ps);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", Facts.str(p.name()));
      m.put("arn", Facts.str(p.arn()));
      m.put("awsManaged", p.awsManaged());
      m.put("broad", p.awsManaged() && p.name() != null && BROAD_MANAGED.matcher(p.name()).matches());
      m.put("summary", summary(ps));
      managed.add(m);
    }
    return List.copyOf(managed);
  }

  private static void inlineStatements(IamRole role, List<PolicyStatement> statements, List<CollectionError> gaps) {
    for (InlinePolicy p : role.inlinePolicies()) {
      try {
        statements.addAll(PolicyStatement.parse(p.name(), false, p.document()));
      } catch (IllegalArgumentException e) {
        gaps.add(new CollectionError("iam", "GetRolePolicy", null, "PolicyDocumentUnavailable", e.getMessage(), role.name()));
      }
    }
  }

  /** The statements, and what they grant too broadly: wildcards, NotAction, sensitive actions on *, escalations. */
  private static void grants(Map<String, Object> f, List<PolicyStatement> statements) {
    List<Map<String, Object>> st = new ArrayList<>();
    Set<String> fullWildcard = new LinkedHashSet<>();
    Set<String> serviceWildcards = new LinkedHashSet<>();
    Set<String> notActionAllow = new LinkedHashSet<>();
    Set<String> sensitiveOnStar = new LinkedHashSet<>();
    Set<String> escalation = new LinkedHashSet<>();
    boolean passRoleOnStar = false;
    for (PolicyStatement s : statements) {
      st.add(statementMap(s));
      if (!s.allow()) continue;
      if (s.actions().contains("*")) fullWildcard.add(s.policy());
      if (!s.notActions().isEmpty()) notActionAllow.add(s.policy());
      for (String a : s.actions()) {
        if (!s.awsManaged() && a.endsWith(":*")) serviceWildcards.add(a + " in " + s.policy());
      }
      if (s.onAnyResource()) {
        for (String a : SENSITIVE_ACTIONS) {
          if (s.grants(a)) sensitiveOnStar.add(a + " on * (" + s.policy() + ")");
        }
        if (s.grants("iam:PassRole")) passRoleOnStar = true;
      }
      for (String a : ESCALATION_ACTIONS) {
        if (s.grants(a)) escalation.add(a + " (" + s.policy() + ")");
      }
    }
    if (passRoleOnStar) {
      for (String partner : PASSROLE_PARTNERS) {
        if (statements.stream().anyMatch(s -> s.allow() && s.grants(partner))) {
          escalation.add("iam:PassRole on * + " + partner);
        }
      }
    }
    f.put("statements", List.copyOf(st));
    f.put("fullWildcardPolicies", List.copyOf(fullWildcard));
    f.put("serviceWildcards", List.copyOf(serviceWildcards));
    f.put("notActionAllowPolicies", List.copyOf(notActionAllow));
    f.put("sensitiveOnStar", List.copyOf(sensitiveOnStar));
    f.put("escalations", List.copyOf(escalation));
  }

  private static String summary(List<PolicyStatement> ps) {
    Set<String> wild = new LinkedHashSet<>();
    Set<String> any = new LinkedHashSet<>();
    for (PolicyStatement s : ps) {
      if (!s.allow()) continue;
      String res = s.onAnyResource() ? " on *" : "";
      for (String a : s.actions()) {
        if (a.contains("*") && s.onAnyResource()) wild.add(a + res);
        any.add(a + res);
      }
      if (!s.notActions().isEmpty()) wild.add("NotAction " + String.join(",", s.notActions()) + res);
    }
    Set<String> pick = wild.isEmpty() ? any : wild;
    List<String> first = pick.stream().limit(3).toList();
    return String.join(", ", first) + (pick.size() > 3 ? ", ..." : "");
  }

  private static Map<String, Object> statementMap(PolicyStatement s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("policy", Facts.str(s.policy()));
    m.put("awsManaged", s.awsManaged());
    m.put("sid", s.sid());
    m.put("effect", s.allow() ? "Allow" : "Deny");
    m.put("actions", List.copyOf(s.actions()));
    m.put("notActions", List.copyOf(s.notActions()));
    m.put("resources", List.copyOf(s.resources()));
    m.put("notResources", List.copyOf(s.notResources()));
    Map<String, Object> cond = new LinkedHashMap<>();
    s.conditions().forEach((op, keys) -> {
      Map<String, Object> km = new LinkedHashMap<>();
      keys.forEach((k, v) -> km.put(k, List.copyOf(v)));
      cond.put(op, km);
    });
    m.put("conditions", cond);
    m.put("conditionKeys", s.conditions().values().stream().flatMap(k -> k.keySet().stream()).distinct().toList());
    return m;
  }

  private static void passRole(Map<String, Object> f, List<PolicyStatement> statements,
      Set<String> ciTaskRoleArns, NavigableSet<String> allRoleArns) {
    boolean granted = false;
    boolean unconditioned = false;
    Set<String> services = new LinkedHashSet<>();
    Set<String> outside = new LinkedHashSet<>();
    for (PolicyStatement s : statements) {
      if (!s.allow() || !s.grants("iam:PassRole")) continue;
      granted = true;
      List<String> svc = s.conditionValues("iam:PassedToService");
      if (svc.isEmpty()) unconditioned = true;
      services.addAll(svc);
      if (!s.notResources().isEmpty()) outside.add("NotResource " + String.join(",", s.notResources()));
      for (String r : s.resources()) {
        if (r.equals("*")) {
          outside.add("*");
          continue;
        }
        if (matchesRoleOutsideCi(r, ciTaskRoleArns, allRoleArns)) outside.add(r);
      }
    }
    f.put("passRoleGranted", granted);
    f.put("passRoleUnconditioned", unconditioned);
    f.put("passRoleServices", List.copyOf(services));
    f.put("passRoleOutsideCi", List.copyOf(outside));
  }

  /**
   * True when the ARN pattern matches a role that is not a CI task role. Only ARNs that start with
   * the pattern's literal prefix (up to its first wildcard) can match, so only those are tried.
   */
  private static boolean matchesRoleOutsideCi(String pattern, Set<String> ciTaskRoleArns, NavigableSet<String> allRoleArns) {
    int wild = firstWildcard(pattern);
    if (wild < 0) return allRoleArns.contains(pattern) && !ciTaskRoleArns.contains(pattern);
    String prefix = pattern.substring(0, wild);
    for (String arn : allRoleArns.tailSet(prefix, true)) {
      if (!arn.startsWith(prefix)) break;
      if (!ciTaskRoleArns.contains(arn) && IamPatterns.resourceMatches(pattern, arn)) return true;
    }
    return false;
  }

  private static int firstWildcard(String pattern) {
    for (int i = 0; i < pattern.length(); i++) {
      if (pattern.charAt(i) == '*' || pattern.charAt(i) == '?') return i;
    }
    return -1;
  }

  private static void runTask(Map<String, Object> f, List<PolicyStatement> statements, List<String> expectedFamilies) {
    boolean granted = false;
    boolean clusterScoped = true;
    Set<String> resources = new LinkedHashSet<>();
    Set<String> unscoped = new LinkedHashSet<>();
    for (PolicyStatement s : statements) {
      if (!s.allow() || !s.grants("ecs:RunTask")) continue;
      granted = true;
      if (s.conditionValues("ecs:cluster").isEmpty()) clusterScoped = false;
      if (!s.notResources().isEmpty()) unscoped.add("NotResource " + String.join(",", s.notResources()));
      for (String r : s.resources()) {
        resources.add(r);
        if (!familyScoped(r, expectedFamilies)) unscoped.add(r);
      }
    }
    f.put("runTaskGranted", granted);
    f.put("runTaskResources", List.copyOf(resources));
    f.put("runTaskUnscoped", List.copyOf(unscoped));
    f.put("runTaskClusterScoped", granted && clusterScoped);
  }

  static boolean familyScoped(String resource, List<String> expectedFamilies) {
    int i = resource.indexOf("task-definition/");
    if (i < 0) return false;
    String fam = resource.substring(i + "task-definition/".length());
    int colon = fam.indexOf(':');
    if (colon >= 0) fam = fam.substring(0, colon);
    if (fam.isEmpty() || fam.equals("*")) return false;
    if (expectedFamilies.isEmpty()) return true;
    for (String g : expectedFamilies) {
      if (IamPatterns.glob(g, fam)) return true;
    }
    return false;
  }

  private static void trust(Map<String, Object> f, IamRole role, Set<String> kinds, String account, List<CollectionError> gaps) {
    String expected = kinds.contains("runner") && kinds.size() == 1 ? "ec2.amazonaws.com" : "ecs-tasks.amazonaws.com";
    List<Map<String, Object>> principals = new ArrayList<>();
    Set<String> unexpected = new LinkedHashSet<>();
    boolean allConditioned = true;
    boolean any = false;
    List<PolicyStatement> trust = List.of();
    if (role.assumeRolePolicy() == null) {
      gaps.add(new CollectionError("iam", "GetRole", null, "TrustPolicyUnavailable",
          "trust policy of " + role.name() + " was not read", role.name()));
    } else {
      try {
        trust = PolicyStatement.parse("trust policy", false, role.assumeRolePolicy());
      } catch (IllegalArgumentException e) {
        gaps.add(new CollectionError("iam", "GetRole", null, "TrustPolicyUnavailable", e.getMessage(), role.name()));
      }
    }
    for (PolicyStatement s : trust) {
      if (!s.allow()) continue;
      any = true;
      boolean conditioned = !s.conditionValues("aws:SourceAccount").isEmpty()
          || !s.conditionValues("aws:SourceArn").isEmpty();
      if (!conditioned) allConditioned = false;
      s.principals().forEach((kind, values) -> {
        for (String v : values) {
          Map<String, Object> p = new LinkedHashMap<>();
          p.put("kind", kind);
          p.put("value", v);
          p.put("conditioned", conditioned);
          principals.add(p);
          boolean ok = kind.equals("Service") && v.toLowerCase(Locale.ROOT).equals(expected);
          if (!ok) unexpected.add(kind + ":" + v);
        }
      });
    }
    f.put("trustPrincipals", List.copyOf(principals));
    f.put("expectedTrustService", expected);
    f.put("unexpectedTrustPrincipals", List.copyOf(unexpected));
    f.put("trustConditioned", any && allConditioned);
    f.put("account", Facts.str(account));
  }
}
