package dev.fargateciaudit.collect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.inventory.AttachedPolicy;
import dev.fargateciaudit.inventory.IamRole;
import dev.fargateciaudit.inventory.InlinePolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * Reads IAM roles into the inventory, each with its trust policy, inline policies and attached
 * managed policies (default version document), for the runner collector and the IAM collector.
 * One per scan: each role and each managed policy is read once per scan, whoever asks for it.
 *
 * <p>A role's reads start as soon as someone names it ({@link #start}: the task definitions' reader
 * does, for each task definition it describes), and each call as soon as what it needs is known:
 * GetRole, then both lists, then every inline policy and every managed policy not asked for yet
 * (GetPolicy, then its default version), four calls deep, with no role waiting for another. The
 * runner's roles ({@link #readNamed}: {@code ci.runnerRole}, and the roles of the runner's instance
 * profiles) have their lists asked beside their GetRole, three calls deep, since what the runner
 * may start is read from them: their lists cost two calls more only for a configured role that
 * does not exist (they answer NoSuchEntity too, which is no error); a task definition's roles are
 * read as before, since a task definition naming a deleted role is common. Every stage runs as
 * IAM call tasks ({@link CallLimits}) and none blocks there, so any limit works.
 */
final class RoleReader {
  static final String S = "iam";
  static final String GLOBAL = "global";
  static final Set<String> ABSENT = Set.of("NoSuchEntity");
  /** The IAM actions reading a role takes. */
  static final Set<String> ACTIONS = Set.of("iam:GetRole", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies",
      "iam:GetRolePolicy", "iam:GetPolicy", "iam:GetPolicyVersion");

  private final Scan scan;
  private final Executor calls;
  /** A role's read, null when it does not exist (or GetRole failed, which is then a collection error). */
  private final Map<String, CompletableFuture<IamRole>> roles = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<AttachedPolicy>> policies = new ConcurrentHashMap<>();
  /** Roles already in the inventory: {@link #read} adds each once. */
  private final Set<String> written = ConcurrentHashMap.newKeySet();

  RoleReader(Scan scan, Executor calls) {
    this.scan = scan;
    this.calls = calls;
  }

  /** Starts reading the roles {@code names} that no one asked for yet, and returns at once. */
  void start(Collection<String> names) {
    for (String name : names) role(name, false);
  }

  /**
   * Reads the roles {@code names} (those started before are not read again), waits for them, and
   * adds to the inventory, in the order of {@code names}, the ones not added before; returns those.
   */
  static List<IamRole> read(Scan scan, Collection<String> names) {
    return scan.roleReader().readAll(names, false);
  }

  /**
   * Like {@link #read}, for the runner's roles, which a config or an instance profile names: each
   * role's lists start beside its GetRole, since they need only the name.
   */
  static List<IamRole> readNamed(Scan scan, Collection<String> names) {
    return scan.roleReader().readAll(names, true);
  }

  private List<IamRole> readAll(Collection<String> names, boolean listsBeside) {
    List<CompletableFuture<IamRole>> reads = names.stream().distinct().map(n -> role(n, listsBeside)).toList();
    List<IamRole> added = new ArrayList<>();
    for (CompletableFuture<IamRole> r : reads) {
      IamRole role = r.join();
      if (role != null && written.add(role.name())) added.add(role);
    }
    scan.write(b -> b.addAll(added));
    return added;
  }

  /**
   * The role's read, started unless it was: GetRole, then its parts; with {@code listsBeside} its
   * lists start beside GetRole (a role that does not exist answers them NoSuchEntity, no error),
   * else once GetRole found it.
   */
  private CompletableFuture<IamRole> role(String name, boolean listsBeside) {
    return roles.computeIfAbsent(name, n -> {
      CompletableFuture<Role> role = CompletableFuture.supplyAsync(() -> getRole(scan, n), calls);
      Lists early = listsBeside ? lists(n, ABSENT) : null;
      return role.thenCompose(r -> r == null ? CompletableFuture.completedFuture(null)
          : parts(n, r, early != null ? early : lists(n, Set.of())));
    });
  }

  private static Role getRole(Scan scan, String name) {
    return scan.callOrAbsent(S, "GetRole", GLOBAL, name, ABSENT, () -> scan.clients().iam().getRole(r -> r.roleName(name)))
        .map(r -> r.role()).orElse(null);
  }

  /** A role's attached managed policies and inline policy names, being listed. */
  private record Lists(CompletableFuture<List<software.amazon.awssdk.services.iam.model.AttachedPolicy>> attached,
      CompletableFuture<List<String>> inlineNames) {}

  /**
   * Starts both lists of the role {@code name}; an error code in {@code absent} is an empty list, not
   * a collection error (for lists asked beside GetRole, which tells whether the role exists).
   */
  private Lists lists(String name, Set<String> absent) {
    IamClient iam = iam();
    return new Lists(CompletableFuture.supplyAsync(() -> {
      List<software.amazon.awssdk.services.iam.model.AttachedPolicy> out = new ArrayList<>();
      scan.pages(S, "ListAttachedRolePolicies", GLOBAL, name, absent,
          () -> iam.listAttachedRolePoliciesPaginator(r -> r.roleName(name)), p -> out.addAll(p.attachedPolicies()));
      return out;
    }, calls), CompletableFuture.supplyAsync(() -> {
      List<String> out = new ArrayList<>();
      scan.pages(S, "ListRolePolicies", GLOBAL, name, absent,
          () -> iam.listRolePoliciesPaginator(r -> r.roleName(name)), p -> out.addAll(p.policyNames()));
      return out;
    }, calls));
  }

  /** The role's inline and managed policies, as its lists name them. */
  private CompletableFuture<IamRole> parts(String name, Role role, Lists lists) {
    CompletableFuture<List<InlinePolicy>> inline = lists.inlineNames().thenCompose(names -> allOf(names.stream()
        .map(policy -> CompletableFuture.supplyAsync(() -> inlinePolicy(name, policy), calls)).toList()));
    CompletableFuture<List<AttachedPolicy>> managed = lists.attached().thenCompose(list -> allOf(list.stream()
        .map(a -> policies.computeIfAbsent(a.policyArn(), arn -> CompletableFuture.supplyAsync(
            () -> managedPolicy(arn, a.policyName()), calls))).toList()));
    JsonNode trust = PolicyDecoder.parse(scan, S, "GetRole", GLOBAL, name, role.assumeRolePolicyDocument());
    return inline.thenCombine(managed, (in, man) -> new IamRole(role.arn(), name, role.path(), trust, man,
        in.stream().filter(p -> p != null).toList(),
        role.permissionsBoundary() == null ? null : role.permissionsBoundary().permissionsBoundaryArn(), null));
  }

  private InlinePolicy inlinePolicy(String role, String policy) {
    String resource = role + "/" + policy;
    return scan.call(S, "GetRolePolicy", GLOBAL, resource,
            () -> iam().getRolePolicy(r -> r.roleName(role).policyName(policy)))
        .map(r -> new InlinePolicy(policy, PolicyDecoder.parse(scan, S, "GetRolePolicy", GLOBAL, resource, r.policyDocument())))
        .orElse(null);
  }

  /** GetPolicy for the default version's id, then that version's document. */
  private AttachedPolicy managedPolicy(String arn, String policyName) {
    String version = scan.call(S, "GetPolicy", GLOBAL, arn, () -> iam().getPolicy(r -> r.policyArn(arn)))
        .map(p -> p.policy().defaultVersionId()).orElse(null);
    JsonNode document = version == null ? null
        : scan.call(S, "GetPolicyVersion", GLOBAL, arn, () -> iam().getPolicyVersion(r -> r.policyArn(arn).versionId(version)))
            .map(v -> PolicyDecoder.parse(scan, S, "GetPolicyVersion", GLOBAL, arn, v.policyVersion().document()))
            .orElse(null);
    return new AttachedPolicy(arn, policyName, arn.matches("arn:[^:]+:iam::aws:.*"), version, document);
  }

  private static <T> CompletableFuture<List<T>> allOf(List<CompletableFuture<T>> parts) {
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(v -> parts.stream().map(CompletableFuture::join).toList());
  }

  private IamClient iam() {
    return scan.clients().iam();
  }
}
