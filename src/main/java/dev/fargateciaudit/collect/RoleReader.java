package dev.fargateciaudit.collect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.inventory.AttachedPolicy;
import dev.fargateciaudit.inventory.IamRole;
import dev.fargateciaudit.inventory.InlinePolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Reads IAM roles into the inventory, each with its trust policy, inline policies and attached
 * managed policies (default version document), for the runner collector and the IAM collector.
 * A role already in the inventory is not read again, nor a managed policy another role of the
 * inventory has: each is read once per scan.
 */
final class RoleReader {
  static final String S = "iam";
  static final String GLOBAL = "global";
  static final Set<String> ABSENT = Set.of("NoSuchEntity");
  /** The IAM actions reading a role takes. */
  static final Set<String> ACTIONS = Set.of("iam:GetRole", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies",
      "iam:GetRolePolicy", "iam:GetPolicy", "iam:GetPolicyVersion");

  private RoleReader() {}

  private record RoleParts(JsonNode trust, String path, String arn, String boundary,
      List<software.amazon.awssdk.services.iam.model.AttachedPolicy> attached, List<InlinePolicy> inline) {}

  /** One role's answers as they arrive: GetRole first, then its two lists, then its inline policies. */
  private static final class RoleCalls {
    final String name;
    final software.amazon.awssdk.services.iam.model.Role role;
    final List<software.amazon.awssdk.services.iam.model.AttachedPolicy> attached = new ArrayList<>();
    final List<String> inlineNames = new ArrayList<>();
    final Map<String, InlinePolicy> inline = new ConcurrentHashMap<>();

    RoleCalls(String name, software.amazon.awssdk.services.iam.model.Role role) {
      this.name = name;
      this.role = role;
    }
  }

  /**
   * Reads the roles {@code names} that the inventory does not hold yet; returns the ones it read.
   * Each call starts once what it needs is known, all roles together on the call pool: GetRole
   * (a role that does not exist is not listed), then both lists, then every inline policy and
   * every managed policy not read yet (GetPolicy, then its default version): three calls deep.
   */
  static List<IamRole> read(Scan scan, Collection<String> names) {
    IamClient iam = scan.clients().iam();
    Set<String> known = new LinkedHashSet<>();
    Map<String, AttachedPolicy> knownPolicies = new ConcurrentHashMap<>();
    scan.read(b -> {
      for (IamRole r : b.list(IamRole.class)) {
        known.add(r.name());
        for (AttachedPolicy p : r.attachedPolicies()) knownPolicies.putIfAbsent(p.arn(), p);
      }
      return null;
    });
    Set<String> wanted = new LinkedHashSet<>(names);
    wanted.removeAll(known);
    Map<String, RoleCalls> found = new ConcurrentHashMap<>();
    scan.forEach(wanted, name ->
        scan.callOrAbsent(S, "GetRole", GLOBAL, name, ABSENT, () -> iam.getRole(r -> r.roleName(name)))
            .ifPresent(r -> found.put(name, new RoleCalls(name, r.role()))));
    List<RoleCalls> roleCalls = wanted.stream().filter(found::containsKey).map(found::get).toList();

    List<Runnable> lists = new ArrayList<>();
    for (RoleCalls rc : roleCalls) {
      lists.add(() -> scan.pages(S, "ListAttachedRolePolicies", GLOBAL, rc.name,
          () -> iam.listAttachedRolePoliciesPaginator(r -> r.roleName(rc.name)), p -> rc.attached.addAll(p.attachedPolicies())));
      lists.add(() -> scan.pages(S, "ListRolePolicies", GLOBAL, rc.name,
          () -> iam.listRolePoliciesPaginator(r -> r.roleName(rc.name)), p -> rc.inlineNames.addAll(p.policyNames())));
    }
    scan.forEach(lists, Runnable::run);

    Set<String> policyArns = new LinkedHashSet<>();
    roleCalls.forEach(rc -> rc.attached.forEach(a -> policyArns.add(a.policyArn())));
    policyArns.removeAll(knownPolicies.keySet());
    Map<String, String> versions = new ConcurrentHashMap<>();
    Map<String, JsonNode> documents = new ConcurrentHashMap<>();
    List<Runnable> policies = new ArrayList<>();
    for (RoleCalls rc : roleCalls) {
      for (String policy : rc.inlineNames) {
        String resource = rc.name + "/" + policy;
        policies.add(() -> scan.call(S, "GetRolePolicy", GLOBAL, resource,
                () -> iam.getRolePolicy(r -> r.roleName(rc.name).policyName(policy)))
            .ifPresent(r -> rc.inline.put(policy, new InlinePolicy(policy,
                PolicyDecoder.parse(scan, S, "GetRolePolicy", GLOBAL, resource, r.policyDocument())))));
      }
    }
    for (String arn : policyArns) {
      policies.add(() ->
          scan.call(S, "GetPolicy", GLOBAL, arn, () -> iam.getPolicy(r -> r.policyArn(arn))).ifPresent(p -> {
            String version = p.policy().defaultVersionId();
            if (version != null) versions.put(arn, version);
            scan.call(S, "GetPolicyVersion", GLOBAL, arn, () -> iam.getPolicyVersion(r -> r.policyArn(arn).versionId(version)))
                .map(v -> PolicyDecoder.parse(scan, S, "GetPolicyVersion", GLOBAL, arn, v.policyVersion().document()))
                .ifPresent(d -> documents.put(arn, d));
          }));
    }
    scan.forEach(policies, Runnable::run);

    Map<String, RoleParts> roles = new LinkedHashMap<>();
    for (RoleCalls rc : roleCalls) {
      var role = rc.role;
      roles.put(rc.name, new RoleParts(
          PolicyDecoder.parse(scan, S, "GetRole", GLOBAL, rc.name, role.assumeRolePolicyDocument()),
          role.path(), role.arn(),
          role.permissionsBoundary() == null ? null : role.permissionsBoundary().permissionsBoundaryArn(),
          rc.attached, rc.inlineNames.stream().filter(rc.inline::containsKey).map(rc.inline::get).toList()));
    }

    List<IamRole> read = new ArrayList<>();
    roles.forEach((name, r) -> read.add(new IamRole(r.arn(), name, r.path(), r.trust(),
        r.attached().stream().map(a -> {
          AttachedPolicy known2 = knownPolicies.get(a.policyArn());
          if (known2 != null) return known2;
          return new AttachedPolicy(a.policyArn(), a.policyName(), a.policyArn().matches("arn:[^:]+:iam::aws:.*"),
              versions.get(a.policyArn()), documents.get(a.policyArn()));
        }).toList(),
        r.inline(), r.boundary(), null)));
    scan.write(b -> b.addAll(read));
    return read;
  }
}
