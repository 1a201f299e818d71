package dev.fargateciaudit.derive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.derive.iam.AccountScope;
import dev.fargateciaudit.derive.iam.BaselinePolicies;
import dev.fargateciaudit.derive.iam.BaselinePolicies.Baseline;
import dev.fargateciaudit.derive.iam.ConditionProbes;
import dev.fargateciaudit.derive.iam.ConditionProbes.Requesters;
import dev.fargateciaudit.derive.iam.ResourcePatterns;
import dev.fargateciaudit.inventory.AttachedPolicy;
import dev.fargateciaudit.inventory.CollectionError;
import dev.fargateciaudit.inventory.IamRole;
import dev.fargateciaudit.inventory.InlinePolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/** Analyses one CI role's policies and trust policy into the {@code role} subject's fields. */
final class RoleFacts {
  /**
   * Actions that must never be granted on every resource: reading or overwriting every secret and
   * parameter (a CI task's {@code valueFrom} among them), decrypting, passing roles, object access.
   */
  static final List<String> SENSITIVE_ACTIONS = List.of(
      "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "ssm:GetParameter",
      "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:PutParameter", "kms:Decrypt", "iam:PassRole",
      "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "sts:AssumeRole", "ecr:PutImage");

  /**
   * What a pull reads of an ECR image: its manifest ({@code BatchGetImage}) and its layers
   * ({@code GetDownloadUrlForLayer}). On every repository, whoever holds the role reads every private
   * image of the account, whatever AWS policy grants it: job code holds the task role.
   */
  static final List<String> IMAGE_READ_ACTIONS = List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer");

  /** Permissions that let the holder grant itself more (Rhino Security Labs' IAM escalation list). */
  static final List<String> ESCALATION_ACTIONS = List.of(
      "iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion",
      "iam:AttachUserPolicy", "iam:PutUserPolicy", "iam:AttachGroupPolicy", "iam:PutGroupPolicy",
      "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
      "iam:UpdateAssumeRolePolicy", "iam:AddUserToGroup");

  /**
   * Partners of an unscoped iam:PassRole that start compute with any role, each with the service
   * it passes the role to: a PassRole that {@code iam:PassedToService} keeps from that service
   * (AmazonDynamoDBFullAccess passes roles only to Application Auto Scaling and DAX) does not pair
   * with it.
   */
  static final Map<String, String> PASSROLE_PARTNERS = partners(
      "ecs:RunTask", ConditionProbes.ECS_TASKS, "ecs:RegisterTaskDefinition", ConditionProbes.ECS_TASKS,
      "ec2:RunInstances", "ec2.amazonaws.com", "lambda:CreateFunction", "lambda.amazonaws.com",
      "cloudformation:CreateStack", "cloudformation.amazonaws.com", "glue:CreateDevEndpoint", "glue.amazonaws.com");

  private static Map<String, String> partners(String... actionAndService) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < actionAndService.length; i += 2) m.put(actionAndService[i], actionAndService[i + 1]);
    return Collections.unmodifiableMap(m);
  }

  private static final String PASSED_TO_SERVICE = "iam:PassedToService";

  private static final Pattern BROAD_MANAGED =
      Pattern.compile("(?i)^(AdministratorAccess|PowerUserAccess|IAMFullAccess|.*FullAccess.*|.*ReadWrite.*)$");

  private RoleFacts() {}

  /**
   * @param kinds {@code execution}, {@code task}, {@code runner}
   * @param ciTaskRoleArns ARNs of the execution and task roles of CI task definitions
   * @param allRoleArns every role ARN in the inventory (to judge PassRole scope)
   * @param expectedFamilies task-definition family globs the runner may start
   * @param scope the estate's partition, account and regions, where resource patterns and conditions are probed
   */
  static Map<String, Object> fields(IamRole role, Set<String> kinds, Set<String> ciTaskRoleArns,
      NavigableSet<String> allRoleArns, List<String> expectedFamilies, AccountScope scope, List<CollectionError> gaps) {
    Map<String, Object> f = Facts.map();
    f.put("id", Facts.str(role.arn()));
    f.put("arn", Facts.str(role.arn()));
    f.put("name", Facts.str(role.name()));
    f.put("kinds", List.copyOf(kinds));
    f.put("permissionsBoundary", Facts.str(role.permissionsBoundaryArn()));

    List<PolicyStatement> statements = new ArrayList<>();
    f.put("managedPolicies", managedPolicies(role, statements, scope, gaps));
    inlineStatements(role, statements, gaps);
    f.put("inlinePolicies", role.inlinePolicies().stream().map(p -> Facts.str(p.name())).toList());
    Map<String, Baseline> baselines = baselines(role, kinds);
    Denies denies = Denies.of(statements);
    Refusals refused = new Refusals(denies, denies.isEmpty() ? null : ConditionProbes.role(role.arn(), scope));
    grants(f, statements, baselines.keySet(), scope, refused);
    f.put("baselinePolicies", baselinePolicies(role, baselines, statements, scope));
    passRole(f, statements, ciTaskRoleArns, allRoleArns, scope, refused);
    runTask(f, statements, expectedFamilies, scope, refused);
    f.put("deniedGrants", refused.described());
    trust(f, role, kinds, scope, gaps);
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
      AccountScope scope, List<CollectionError> gaps) {
    List<Map<String, Object>> managed = new ArrayList<>();
    for (AttachedPolicy p : role.attachedPolicies()) {
      List<PolicyStatement> ps = List.of();
      try {
        ps = PolicyStatement.parse(p.name(), p.arn(), p.awsManaged(), p.document());
      } catch (IllegalArgumentException e) {
        gaps.add(new CollectionError("iam", "GetPolicyVersion", null, unreadable(p.document()), e.getMessage(), role.name()));
      }
      statements.addAll(ps);
      Map<String, Object> m = Facts.map();
      m.put("name", Facts.str(p.name()));
      m.put("arn", Facts.str(p.arn()));
      m.put("awsManaged", p.awsManaged());
      m.put("broad", p.awsManaged() && p.name() != null && BROAD_MANAGED.matcher(p.name()).matches());
      m.put("summary", summary(ps, scope));
      managed.add(m);
    }
    return List.copyOf(managed);
  }

  /** The gap's code: a document that was not read, or one that was read but is not a policy IAM would accept. */
  private static String unreadable(JsonNode document) {
    return document == null || document.isNull() || document.isMissingNode() ? "PolicyDocumentUnavailable" : "MalformedPolicyDocument";
  }

  private static void inlineStatements(IamRole role, List<PolicyStatement> statements, List<CollectionError> gaps) {
    for (InlinePolicy p : role.inlinePolicies()) {
      try {
        statements.addAll(PolicyStatement.parse(p.name(), false, p.document()));
      } catch (IllegalArgumentException e) {
        gaps.add(new CollectionError("iam", "GetRolePolicy", null, unreadable(p.document()), e.getMessage(), role.name()));
      }
    }
  }

  /**
   * The statements, and what they grant too broadly: wildcards, NotAction, sensitive actions on
   * every resource, escalations; for each, {@code ...Statements} says where (policy ARN or name,
   * statement number, Sid), for the finding's evidence. The statements of the role's AWS baseline
   * policies ({@code baselines}, by name) are not counted as sensitive grants: {@code baselinePolicies}
   * names them instead.
   */
  private static void grants(Map<String, Object> f, List<PolicyStatement> statements, Set<String> baselines, AccountScope scope,
      Refusals refused) {
    List<Map<String, Object>> st = new ArrayList<>();
    Set<String> fullWildcard = new LinkedHashSet<>();
    Set<String> serviceWildcards = new LinkedHashSet<>();
    Set<String> notActionAllow = new LinkedHashSet<>();
    Set<String> sensitiveOnStar = new LinkedHashSet<>();
    Set<String> imageReadOnStar = new LinkedHashSet<>();
    Set<String> escalation = new LinkedHashSet<>();
    Where where = new Where();
    List<PolicyStatement> passRoleOnStar = new ArrayList<>();
    for (PolicyStatement s : statements) {
      st.add(statementMap(s));
      if (!s.allow()) continue;
      if (s.actions().contains("*")) {
        fullWildcard.add(s.policy());
        where.add("fullWildcard", s);
      }
      if (!s.notActions().isEmpty()) {
        notActionAllow.add(s.policy());
        where.add("notActionAllow", s);
      }
      for (String a : s.actions()) {
        if (!s.awsManaged() && a.endsWith(":*")) {
          serviceWildcards.add(a + " in " + s.policy());
          where.add("serviceWildcard", s);
        }
      }
      if (s.mayReachEveryResource()) {
        boolean baseline = s.awsManaged() && baselines.contains(s.policy());
        for (String a : SENSITIVE_ACTIONS) {
          if (baseline || !s.grants(a)) continue;
          String via = s.everyResourceVia(a, scope);
          if (via != null && !refused.onEveryResource(a, a + " on " + via, s, scope)) {
            sensitiveOnStar.add(a + " on " + via + " (" + s.policy() + ")");
            where.add("sensitiveOnStar", s);
          }
        }
        // AWS baseline policies count here: AmazonECSTaskExecutionRolePolicy is the usual grant.
        for (String a : IMAGE_READ_ACTIONS) {
          String via = s.grants(a) ? s.everyResourceVia(a, scope) : null;
          if (via != null && !refused.onEveryResource(a, a + " on " + via, s, scope)) {
            imageReadOnStar.add(a + " on " + via + " (" + s.policy() + ")");
            where.add("imageReadOnStar", s);
          }
        }
        if (s.grants("iam:PassRole") && s.everyResourceVia("iam:PassRole", scope) != null
            && !refused.onEveryResource("iam:PassRole", "iam:PassRole on every role", s, scope)) {
          passRoleOnStar.add(s);
        }
      }
      for (String a : ESCALATION_ACTIONS) {
        if (s.grants(a) && !refused.onResourcesOf(s, a, a)) {
          escalation.add(a + " (" + s.policy() + ")");
          where.add("escalation", s);
        }
      }
    }
    if (!passRoleOnStar.isEmpty()) {
      for (Map.Entry<String, String> e : PASSROLE_PARTNERS.entrySet()) {
        String partner = e.getKey();
        List<PolicyStatement> passing = passRoleOnStar.stream()
            .filter(s -> ConditionProbes.mayPassTo(s.conditions(), e.getValue()) && !refusedFor(s, e.getValue(), refused)).toList();
        if (passing.isEmpty()) continue;
        List<PolicyStatement> partners = statements.stream().filter(s -> s.allow() && s.grants(partner)
            && !refused.onResourcesOf(s, partner, partner)).toList();
        if (partners.isEmpty()) continue;
        escalation.add("iam:PassRole on * + " + partner);
        passing.forEach(s -> where.add("escalation", s));
        partners.forEach(s -> where.add("escalation", s));
      }
    }
    f.put("statements", List.copyOf(st));
    f.put("fullWildcardPolicies", List.copyOf(fullWildcard));
    f.put("fullWildcardStatements", where.of("fullWildcard"));
    f.put("serviceWildcards", List.copyOf(serviceWildcards));
    f.put("serviceWildcardStatements", where.of("serviceWildcard"));
    f.put("notActionAllowPolicies", List.copyOf(notActionAllow));
    f.put("notActionAllowStatements", where.of("notActionAllow"));
    f.put("sensitiveOnStar", List.copyOf(sensitiveOnStar));
    f.put("sensitiveOnStarStatements", where.of("sensitiveOnStar"));
    f.put("imageReadOnStar", List.copyOf(imageReadOnStar));
    f.put("imageReadOnStarStatements", where.of("imageReadOnStar"));
    f.put("escalations", List.copyOf(escalation));
    f.put("escalationStatements", where.of("escalation"));
  }

  /**
   * The role's Deny statements with the role itself as the requester ({@link Denies}), and the
   * grants they cancel, each described once ("GRANT (ALLOW) refused by DENY") for the
   * {@code deniedGrants} fact.
   */
  private static final class Refusals {
    private final Denies denies;
    private final Requesters self;
    private final Set<String> described = new LinkedHashSet<>();

    /** @param self the role as the requester; null when it has no Deny statement (nothing is asked) */
    Refusals(Denies denies, Requesters self) {
      this.denies = denies;
      this.self = self;
    }

    boolean none() {
      return denies.isEmpty();
    }

    /** True when a Deny refuses {@code action} on every resource; {@code grant} is then described. */
    boolean onEveryResource(String action, String grant, PolicyStatement allow, AccountScope scope) {
      return !none() && note(denies.onEveryResource(action, self, scope), grant, allow);
    }

    /** True when a Deny refuses {@code action} to the role on every resource {@code allow} names. */
    boolean onResourcesOf(PolicyStatement allow, String action, String grant) {
      return onResourcesOf(allow, action, grant, self);
    }

    /** True when a Deny refuses {@code action} to {@code who} on every resource {@code allow} names. */
    boolean onResourcesOf(PolicyStatement allow, String action, String grant, Requesters who) {
      return !none() && note(denies.onResourcesOf(allow, action, who), grant, allow);
    }

    /** The values the Deny statements' conditions name for {@code key}. */
    List<String> namedValues(String key) {
      return none() ? List.of() : denies.namedValues(key);
    }

    /**
     * True when a Deny of {@code action} to the role (whatever its resources) cancels the part of
     * {@code allow}'s grant on {@code resources} (or {@code NotResource} {@code notResources}) that
     * reaches beyond the audit's scope: it covers those resources, or its {@code NotResource} leaves
     * out only patterns {@code inScope} accepts (asked with the Deny, for its policy variables).
     */
    boolean beyondScope(PolicyStatement allow, String action, List<String> notResources, List<String> resources,
        BiPredicate<PolicyStatement, String> inScope) {
      if (none()) return false;
      for (PolicyStatement d : denies.refusing(action, self)) {
        boolean leavesOnlyScope = Denies.leavesOutKnown(d) && d.notResources().stream().allMatch(n -> inScope.test(d, n));
        if (leavesOnlyScope || Denies.coversResources(d, resources, notResources)) {
          String on = resources.isEmpty() ? "NotResource " + String.join(",", notResources) : resources.get(0);
          return note(d, action + " on " + on, allow);
        }
      }
      return false;
    }

    Requesters self() {
      return self;
    }

    /** True when {@code deny} is not null: it cancels {@code grant}. */
    boolean note(PolicyStatement deny, String grant, PolicyStatement allow) {
      if (deny == null) return false;
      described.add(grant + " (" + allow.location() + ") refused by " + deny.location());
      return true;
    }

    List<String> described() {
      return List.copyOf(described);
    }
  }

  /** Where the statements behind each broad grant are ({@link PolicyStatement#location}), by grant, each once. */
  private static final class Where {
    private final Map<String, Set<String>> byGrant = new LinkedHashMap<>();

    void add(String grant, PolicyStatement s) {
      byGrant.computeIfAbsent(grant, g -> new LinkedHashSet<>()).add(s.location());
    }

    List<String> of(String grant) {
      return List.copyOf(byGrant.getOrDefault(grant, Set.of()));
    }
  }

  /** The role's attached AWS managed policies that AWS documents for every one of its kinds, by name. */
  private static Map<String, Baseline> baselines(IamRole role, Set<String> kinds) {
    Map<String, Baseline> out = new LinkedHashMap<>();
    for (AttachedPolicy p : role.attachedPolicies()) {
      BaselinePolicies.documentedFor(p.arn(), p.awsManaged(), kinds).ifPresent(b -> out.put(p.name(), b));
    }
    return out;
  }

  /**
   * Each baseline policy, what AWS documents it for, and the actions it allows on every resource
   * (the sensitive ones apart): advice a reviewer reads, where the same grants in a customer policy fail.
   */
  private static List<Map<String, Object>> baselinePolicies(IamRole role, Map<String, Baseline> baselines,
      List<PolicyStatement> statements, AccountScope scope) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (AttachedPolicy p : role.attachedPolicies()) {
      Baseline b = baselines.get(p.name());
      if (b == null) continue;
      Set<String> broad = new LinkedHashSet<>();
      Set<String> sensitive = new LinkedHashSet<>();
      for (PolicyStatement s : statements) {
        if (!s.allow() || !s.awsManaged() || !p.name().equals(s.policy())) continue;
        for (String a : s.actions()) {
          if (s.everyResourceVia(a, scope) != null) broad.add(a);
        }
        if (!s.notActions().isEmpty() && s.everyResourceVia("*", scope) != null) broad.add("NotAction " + String.join(",", s.notActions()));
        for (String a : SENSITIVE_ACTIONS) {
          if (s.grants(a) && s.everyResourceVia(a, scope) != null) sensitive.add(a);
        }
      }
      Map<String, Object> m = Facts.map();
      m.put("name", Facts.str(p.name()));
      m.put("arn", Facts.str(p.arn()));
      m.put("documentedFor", b.documentedFor());
      m.put("reference", b.reference());
      m.put("broadActions", List.copyOf(broad));
      m.put("sensitiveActions", List.copyOf(sensitive));
      m.put("summary", (sensitive.isEmpty() ? "" : "sensitive " + String.join(", ", sensitive) + "; ")
          + "on every resource " + String.join(", ", broad));
      out.add(m);
    }
    return List.copyOf(out);
  }

  private static String summary(List<PolicyStatement> ps, AccountScope scope) {
    Set<String> wild = new LinkedHashSet<>();
    Set<String> any = new LinkedHashSet<>();
    for (PolicyStatement s : ps) {
      if (!s.allow()) continue;
      for (String a : s.actions()) {
        String via = s.everyResourceVia(a, scope);
        String res = via == null ? "" : " on " + via;
        if (a.contains("*") && via != null) wild.add(a + res);
        any.add(a + res);
      }
      if (!s.notActions().isEmpty()) {
        String via = s.everyResourceVia("*", scope);
        wild.add("NotAction " + String.join(",", s.notActions()) + (via == null ? "" : " on " + via));
      }
    }
    Set<String> pick = wild.isEmpty() ? any : wild;
    List<String> first = pick.stream().limit(3).toList();
    return String.join(", ", first) + (pick.size() > 3 ? ", ..." : "");
  }

  private static Map<String, Object> statementMap(PolicyStatement s) {
    Map<String, Object> m = Facts.map();
    m.put("policy", Facts.str(s.policy()));
    m.put("awsManaged", s.awsManaged());
    m.put("sid", s.sid());
    m.put("effect", s.allow() ? "Allow" : "Deny");
    m.put("actions", List.copyOf(s.actions()));
    m.put("notActions", List.copyOf(s.notActions()));
    m.put("resources", List.copyOf(s.resources()));
    m.put("notResources", List.copyOf(s.notResources()));
    Map<String, Object> cond = Facts.map();
    s.conditions().asMap().forEach((op, keys) -> cond.put(op, new LinkedHashMap<>(keys)));
    m.put("conditions", cond);
    m.put("conditionKeys", s.conditions().keys());
    return m;
  }

  /**
   * Who may receive the roles this role passes. A PassRole statement is limited to ECS tasks when
   * its conditions reject a request without {@code iam:PassedToService} or for a service nobody
   * runs ({@link ConditionProbes}); its services are then the ones they let through. Its roles are
   * outside CI when a resource pattern matches a role that is not a CI task role, or a role nobody
   * named (so the pattern reaches every role).
   */
  private static void passRole(Map<String, Object> f, List<PolicyStatement> statements,
      Set<String> ciTaskRoleArns, NavigableSet<String> allRoleArns, AccountScope scope, Refusals refused) {
    boolean granted = false;
    boolean unconditioned = false;
    Set<String> services = new LinkedHashSet<>();
    Set<String> outside = new LinkedHashSet<>();
    Where where = new Where();
    // A Deny's NotResource pattern that reaches only CI task roles.
    BiPredicate<PolicyStatement, String> ciRole = (d, n) -> !matchesRoleOutsideCi(n, ciTaskRoleArns, allRoleArns)
        && ResourcePatterns.everyResourceVia("iam:PassRole", List.of(n), List.of(), d.policyVariables(), scope) == null;
    for (PolicyStatement s : statements) {
      if (!s.allow() || !s.grants("iam:PassRole")) continue;
      granted = true;
      if (ConditionProbes.limitsPassedToService(s.conditions()) || refusedToNobody(s, refused)) {
        List<String> to = new ArrayList<>();
        for (String service : ConditionProbes.servicesPassedTo(s.conditions(), refused.namedValues(PASSED_TO_SERVICE))) {
          if (!refusedFor(s, service, refused)) to.add(service);
        }
        services.addAll(to);
        if (!to.stream().allMatch(ConditionProbes.ECS_TASKS::equals)) where.add("beyondEcsTasks", s);
      } else {
        unconditioned = true;
        where.add("beyondEcsTasks", s);
      }
      if (!s.notResources().isEmpty() && !refused.beyondScope(s, "iam:PassRole", s.notResources(), List.of(), ciRole)) {
        outside.add("NotResource " + String.join(",", s.notResources()));
        where.add("outside", s);
      }
      for (String r : s.resources()) {
        if ((matchesRoleOutsideCi(r, ciTaskRoleArns, allRoleArns)
            || ResourcePatterns.everyResourceVia("iam:PassRole", List.of(r), List.of(), s.policyVariables(), scope) != null)
            && !refused.beyondScope(s, "iam:PassRole", List.of(), List.of(r), ciRole)) {
          outside.add(r);
          where.add("outside", s);
        }
      }
    }
    f.put("passRoleGranted", granted);
    f.put("passRoleUnconditioned", unconditioned);
    f.put("passRoleServices", List.copyOf(services));
    f.put("passRoleServiceStatements", where.of("beyondEcsTasks"));
    f.put("passRoleOutsideCi", List.copyOf(outside));
    f.put("passRoleOutsideCiStatements", where.of("outside"));
  }

  /**
   * True when the role's Deny statements refuse passing with {@code allow} to no service named and
   * to a service nobody runs: they limit the services, as a condition of the Allow would.
   */
  private static boolean refusedToNobody(PolicyStatement allow, Refusals refused) {
    if (refused.none()) return false;
    Requesters nobody = refused.self().varying(PASSED_TO_SERVICE, Arrays.asList(null, AccountScope.UNCHOSEN + ".amazonaws.com"));
    return refused.onResourcesOf(allow, "iam:PassRole", "iam:PassRole to a service not named", nobody);
  }

  private static boolean refusedFor(PolicyStatement allow, String service, Refusals refused) {
    if (refused.none()) return false;
    Requesters to = refused.self().varying(PASSED_TO_SERVICE, List.of(service));
    return refused.onResourcesOf(allow, "iam:PassRole", "iam:PassRole to " + service, to);
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

  /**
   * What the role may start: a RunTask statement is cluster-scoped when its conditions keep it to
   * named clusters. A {@code Resource} that can name no task definition starts nothing.
   */
  private static void runTask(Map<String, Object> f, List<PolicyStatement> statements, List<String> expectedFamilies,
      AccountScope scope, Refusals refused) {
    boolean granted = false;
    boolean clusterScoped = true;
    Set<String> resources = new LinkedHashSet<>();
    Set<String> unscoped = new LinkedHashSet<>();
    Where where = new Where();
    // A Deny's NotResource pattern that reaches only task definitions of the expected families.
    BiPredicate<PolicyStatement, String> expectedFamily = (d, n) -> familyScoped(n, expectedFamilies);
    for (PolicyStatement s : statements) {
      if (!s.allow() || !s.grants("ecs:RunTask")) continue;
      List<String> startable = s.resources().stream().filter(r -> ResourcePatterns.mayNameType(r, "ecs", "task-definition")).toList();
      if (startable.isEmpty() && s.notResources().isEmpty()) continue;
      granted = true;
      if (!ConditionProbes.limitsCluster(s.conditions(), scope) && !refusedElsewhere(s, refused, scope)) {
        clusterScoped = false;
        where.add("anyCluster", s);
      }
      if (!s.notResources().isEmpty() && !refused.beyondScope(s, "ecs:RunTask", s.notResources(), List.of(), expectedFamily)) {
        unscoped.add("NotResource " + String.join(",", s.notResources()));
        where.add("unscoped", s);
      }
      for (String r : startable) {
        resources.add(r);
        if (!familyScoped(r, expectedFamilies) && !refused.beyondScope(s, "ecs:RunTask", List.of(), List.of(r), expectedFamily)) {
          unscoped.add(r);
          where.add("unscoped", s);
        }
      }
    }
    f.put("runTaskGranted", granted);
    f.put("runTaskResources", List.copyOf(resources));
    f.put("runTaskUnscoped", List.copyOf(unscoped));
    f.put("runTaskUnscopedStatements", where.of("unscoped"));
    f.put("runTaskClusterScoped", granted && clusterScoped);
    f.put("runTaskAnyClusterStatements", where.of("anyCluster"));
  }

  /** True when a Deny refuses the RunTask grant of {@code allow} in no cluster named and in an unnamed one. */
  private static boolean refusedElsewhere(PolicyStatement allow, Refusals refused, AccountScope scope) {
    if (refused.none()) return false;
    Requesters elsewhere = refused.self().varying("ecs:cluster", ConditionProbes.unnamedClusters(scope));
    return refused.onResourcesOf(allow, "ecs:RunTask", "ecs:RunTask in any cluster", elsewhere);
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

  /**
   * The services a runner role is expected to trust: the runner manager runs on an EC2 instance
   * (GitLab's Fargate guide), is itself an ECS task, as AWS's sample
   * aws-samples/cdk-fargate-gitlab-runner and GovTechSG/fargate-gitlab-runner-terraform deploy it,
   * or is a Lambda function a GitLab webhook calls to run each job's task, as the module
   * Lucas-Hughes/terraform-aws-ephemeral-ecs-runner deploys it.
   */
  private static final List<String> RUNNER_HOSTS = List.of("ec2.amazonaws.com", ConditionProbes.ECS_TASKS, "lambda.amazonaws.com");

  /**
   * The trust policy's principals. A trust statement is conditioned when its conditions guard
   * against the confused deputy ({@link ConditionProbes#guardsConfusedDeputy}), or a Deny of the
   * trust policy does ({@link #deputyRefused}); one that would guard but for a source ARN any
   * account can choose is named in {@code trustConditionsAnyoneMeets}. {@code NotPrincipal}
   * is unexpected whatever it names: IAM does not accept it in a role trust policy, and with Allow
   * it would mean everyone but the principals listed.
   */
  private static void trust(Map<String, Object> f, IamRole role, Set<String> kinds, AccountScope scope, List<CollectionError> gaps) {
    List<String> expected = kinds.contains("runner") && kinds.size() == 1 ? RUNNER_HOSTS : List.of(ConditionProbes.ECS_TASKS);
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
        gaps.add(new CollectionError("iam", "GetRole", null, "MalformedPolicyDocument", e.getMessage(), role.name()));
      }
    }
    Where where = new Where();
    List<String> anyoneMeets = new ArrayList<>();
    Denies denies = Denies.of(trust);
    for (PolicyStatement s : trust) {
      if (!s.allow()) continue;
      any = true;
      boolean conditioned = ConditionProbes.guardsConfusedDeputy(s.conditions(), scope) || deputyRefused(s, denies, scope);
      if (!conditioned) {
        allConditioned = false;
        where.add("unguarded", s);
        for (String name : ConditionProbes.chosenNamesLetIn(s.conditions(), ConditionProbes.confusedDeputies(scope))) {
          anyoneMeets.add(s.location() + ": " + name);
        }
      }
      s.principals().forEach((kind, values) -> {
        for (String v : values) {
          principals.add(trustPrincipal(kind, v, conditioned));
          boolean ok = kind.equals("Service") && expected.contains(v.toLowerCase(Locale.ROOT));
          if (!ok) {
            unexpected.add(kind + ":" + v);
            where.add("unexpected", s);
          }
        }
      });
      s.notPrincipals().forEach((kind, values) -> {
        for (String v : values) {
          principals.add(trustPrincipal("NotPrincipal " + kind, v, conditioned));
          unexpected.add("everyone but " + kind + ":" + v + " (NotPrincipal)");
          where.add("unexpected", s);
        }
      });
    }
    f.put("trustPrincipals", List.copyOf(principals));
    f.put("expectedTrustService", String.join(" or ", expected));
    f.put("unexpectedTrustPrincipals", List.copyOf(unexpected));
    f.put("unexpectedTrustStatements", where.of("unexpected"));
    f.put("trustConditioned", any && allConditioned);
    f.put("unguardedTrustStatements", where.of("unguarded"));
    f.put("trustConditionsAnyoneMeets", List.copyOf(anyoneMeets));
    f.put("account", Facts.str(scope.account()));
  }

  /**
   * True when a Deny of the trust policy guards the Allow against the confused deputy: it refuses
   * {@code sts:AssumeRole} to every principal the Allow trusts (its principal is {@code "*"} or
   * names them) for each request {@link ConditionProbes#guardsConfusedDeputy} must reject, as in
   * AWS's data-perimeter trust policy (a Deny with {@code StringNotEqualsIfExists} on the source).
   */
  private static boolean deputyRefused(PolicyStatement allow, Denies denies, AccountScope scope) {
    if (denies.isEmpty() || allow.principals().isEmpty()) return false;
    for (PolicyStatement d : denies.refusing("sts:AssumeRole", ConditionProbes.confusedDeputies(scope))) {
      boolean everyone = d.principals().containsKey("*");
      boolean named = allow.principals().entrySet().stream().allMatch(e -> d.principals().getOrDefault(e.getKey(), List.of()).stream()
          .map(v -> v.toLowerCase(Locale.ROOT)).toList().containsAll(e.getValue().stream().map(v -> v.toLowerCase(Locale.ROOT)).toList()));
      if (everyone || named) return true;
    }
    return false;
  }

  private static Map<String, Object> trustPrincipal(String kind, String value, boolean conditioned) {
    Map<String, Object> p = Facts.map();
    p.put("kind", kind);
    p.put("value", value);
    p.put("conditioned", conditioned);
    return p;
  }
}
