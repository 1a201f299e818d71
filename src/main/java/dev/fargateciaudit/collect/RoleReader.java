package dev.fargateciaudit.collect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.inventory.AttachedPolicy;
import dev.fargateciaudit.inventory.IamRole;
import dev.fargateciaudit.inventory.InlinePolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /** Reads the roles {@code names} that the inventory does not hold yet; returns the ones it read. */
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
    Map<String, RoleParts> roles = new ConcurrentHashMap<>();
    scan.forEach(wanted, name -> readRole(scan, iam, name).ifPresent(parts -> roles.put(name, parts)));

    Set<String> policyArns = new LinkedHashSet<>();
    roles.values().forEach(r -> r.attached().forEach(a -> policyArns.add(a.policyArn())));
    policyArns.removeAll(knownPolicies.keySet());
    Map<String, String> versions = new ConcurrentHashMap<>();
    Map<String, JsonNode> documents = new ConcurrentHashMap<>();
    scan.forEach(policyArns, arn ->
        scan.call(S, "GetPolicy", GLOBAL, arn, () -> iam.getPolicy(r -> r.policyArn(arn))).ifPresent(p -> {
          String version = p.policy().defaultVersionId();
          if (version != null) versions.put(arn, version);
          scan.call(S, "GetPolicyVersion", GLOBAL, arn, () -> iam.getPolicyVersion(r -> r.policyArn(arn).versionId(version)))
              .map(v -> PolicyDecoder.parse(scan, S, "GetPolicyVersion", GLOBAL, arn, v.policyVersion().document()))
              .ifPresent(d -> documents.put(arn, d));
        }));

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

  private static Optional<RoleParts> readRole(Scan scan, IamClient iam, String name) {
    var got = scan.callOrAbsent(S, "GetRole", GLOBAL, name, ABSENT, () -> iam.getRole(r -> r.roleName(name)));
    if (got.isEmpty()) return Optional.empty();
    var role = got.get().role();
    List<software.amazon.awssdk.services.iam.model.AttachedPolicy> attached = new ArrayList<>();
    scan.pages(S, "ListAttachedRolePolicies", GLOBAL, name,
        () -> iam.listAttachedRolePoliciesPaginator(r -> r.roleName(name)), p -> attached.addAll(p.attachedPolicies()));
    List<String> inlineNames = new ArrayList<>();
    scan.pages(S, "ListRolePolicies", GLOBAL, name,
        () -> iam.listRolePoliciesPaginator(r -> r.roleName(name)), p -> inlineNames.addAll(p.policyNames()));
    List<InlinePolicy> inline = new ArrayList<>();
    for (String policy : inlineNames) {
      scan.call(S, "GetRolePolicy", GLOBAL, name + "/" + policy, () -> iam.getRolePolicy(r -> r.roleName(name).policyName(policy)))
          .ifPresent(r -> inline.add(new InlinePolicy(policy,
              PolicyDecoder.parse(scan, S, "GetRolePolicy", GLOBAL, name + "/" + policy, r.policyDocument()))));
    }
    return Optional.of(new RoleParts(
        PolicyDecoder.parse(scan, S, "GetRole", GLOBAL, name, role.assumeRolePolicyDocument()),
        role.path(), role.arn(),
        role.permissionsBoundary() == null ? null : role.permissionsBoundary().permissionsBoundaryArn(),
        attached, inline));
  }
}
