package dev.fargateciaudit.collect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.inventory.Ec2Instance;
import dev.fargateciaudit.inventory.IamInstanceProfile;
import dev.fargateciaudit.inventory.IamRole;
import dev.fargateciaudit.inventory.InlinePolicy;
import dev.fargateciaudit.inventory.TaskDefinition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;

/**
 * IAM (global, once per account): only the roles CI task definitions use (execution and task
 * roles), the configured runner role, and the roles of the runner instances' instance profiles;
 * each with its trust policy, inline policies and attached managed policies (default version
 * document). A managed policy attached to several roles is read once.
 */
public final class IamCollector implements Collector {
  static final String S = "iam";
  private static final String GLOBAL = "global";
  private static final Set<String> ABSENT = Set.of("NoSuchEntity");

  @Override
  public String service() {
    return S;
  }

  @Override
  public Set<String> iamActions() {
    return Set.of("iam:GetInstanceProfile", "iam:GetRole", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies",
        "iam:GetRolePolicy", "iam:GetPolicy", "iam:GetPolicyVersion");
  }

  @Override
  public List<String> dependsOn() {
    return List.of(EcsCollector.S, Ec2Collector.S);
  }

  private record RoleParts(JsonNode trust, String path, String arn, String boundary, List<AttachedPolicy> attached,
      List<InlinePolicy> inline) {}

  @Override
  public void collect(Scan scan) {
    IamClient iam = scan.clients().iam();
    Set<String> roleNames = new LinkedHashSet<>();
    Set<String> profileNames = new LinkedHashSet<>();
    scan.read(b -> {
      for (TaskDefinition td : b.list(TaskDefinition.class)) {
        if (td.executionRoleArn() != null) roleNames.add(Arns.lastName(td.executionRoleArn()));
        if (td.taskRoleArn() != null) roleNames.add(Arns.lastName(td.taskRoleArn()));
      }
      for (Ec2Instance i : b.list(Ec2Instance.class)) {
        if (i.instanceProfileArn() != null) profileNames.add(Arns.lastName(i.instanceProfileArn()));
      }
      return null;
    });
    String runnerRole = scan.config().ci().runnerRole();
    if (runnerRole != null) roleNames.add(Arns.lastName(runnerRole));

    List<IamInstanceProfile> profiles = new ArrayList<>();
    scan.forEach(profileNames, name ->
        scan.callOrAbsent(S, "GetInstanceProfile", GLOBAL, name, ABSENT, () -> iam.getInstanceProfile(r -> r.instanceProfileName(name)))
            .ifPresent(r -> {
              var p = r.instanceProfile();
              IamInstanceProfile record = new IamInstanceProfile(p.arn(), p.instanceProfileName(),
                  p.roles().stream().map(x -> x.arn()).toList());
              synchronized (profiles) {
                profiles.add(record);
              }
            }));
    scan.write(b -> b.addAll(profiles));
    profiles.forEach(p -> p.roleArns().forEach(a -> roleNames.add(Arns.lastName(a))));

    Map<String, RoleParts> roles = new ConcurrentHashMap<>();
    scan.forEach(roleNames, name -> readRole(scan, iam, name).ifPresent(parts -> roles.put(name, parts)));

    Set<String> policyArns = new LinkedHashSet<>();
    roles.values().forEach(r -> r.attached().forEach(a -> policyArns.add(a.policyArn())));
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

    scan.write(b -> roles.forEach((name, r) -> b.add(new IamRole(r.arn(), name, r.path(), r.trust(),
        r.attached().stream().map(a -> new dev.fargateciaudit.inventory.AttachedPolicy(a.policyArn(), a.policyName(),
            a.policyArn().matches("arn:[^:]+:iam::aws:.*"),
            versions.get(a.policyArn()),
            documents.get(a.policyArn()))).toList(),
        r.inline(), r.boundary(), null))));
  }

  private java.util.Optional<RoleParts> readRole(Scan scan, IamClient iam, String name) {
    var got = scan.callOrAbsent(S, "GetRole", GLOBAL, name, ABSENT, () -> iam.getRole(r -> r.roleName(name)));
    if (got.isEmpty()) return java.util.Optional.empty();
    var role = got.get().role();
    List<AttachedPolicy> attached = new ArrayList<>();
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
    return java.util.Optional.of(new RoleParts(
        PolicyDecoder.parse(scan, S, "GetRole", GLOBAL, name, role.assumeRolePolicyDocument()),
        role.path(), role.arn(),
        role.permissionsBoundary() == null ? null : role.permissionsBoundary().permissionsBoundaryArn(),
        attached, inline));
  }
}
