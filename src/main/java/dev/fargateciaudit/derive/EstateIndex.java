package dev.fargateciaudit.derive;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.inventory.CollectionError;
import dev.fargateciaudit.inventory.ContainerDefinition;
import dev.fargateciaudit.inventory.Ec2Instance;
import dev.fargateciaudit.inventory.EcrRepository;
import dev.fargateciaudit.inventory.EcsCluster;
import dev.fargateciaudit.inventory.EcsService;
import dev.fargateciaudit.inventory.EcsTask;
import dev.fargateciaudit.inventory.EfsFileSystem;
import dev.fargateciaudit.inventory.EfsMountTarget;
import dev.fargateciaudit.inventory.IamInstanceProfile;
import dev.fargateciaudit.inventory.IamRole;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.NatGateway;
import dev.fargateciaudit.inventory.NetworkInterface;
import dev.fargateciaudit.inventory.RouteTable;
import dev.fargateciaudit.inventory.RunnerConfig;
import dev.fargateciaudit.inventory.SecretMetadata;
import dev.fargateciaudit.inventory.SecretReference;
import dev.fargateciaudit.inventory.SecurityGroup;
import dev.fargateciaudit.inventory.SecurityGroupRule;
import dev.fargateciaudit.inventory.Subnet;
import dev.fargateciaudit.inventory.TaskDefinition;
import dev.fargateciaudit.inventory.TaskVolume;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Every index the derive step joins through, built once in one pass per inventory list, and the
 * scope of the CI estate: which task definitions, subnets, security groups, roles, file systems,
 * secrets and repositories belong to it (and why).
 */
final class EstateIndex {
  final Map<String, Subnet> subnets;
  final Map<String, SecurityGroup> securityGroups;
  final Map<String, NatGateway> nats;
  final Map<String, NetworkInterface> enis;
  final Map<String, IamRole> roles = new LinkedHashMap<>();
  final Map<String, IamRole> rolesByName;
  final Map<String, EfsFileSystem> fileSystems;
  final Map<String, EcrRepository> ecrByName;
  final Map<String, SecretMetadata> secretsByArn;
  final Map<String, SecretMetadata> secretsByName;
  /** Secrets by partial ARN: the ARN without the {@code -} and six random characters AWS appends. */
  final Map<String, SecretMetadata> secretsByPartialArn = new HashMap<>();
  final Map<String, TaskDefinition> tdByArn;
  final Map<String, List<TaskDefinition>> tdByFamily = new HashMap<>();
  final Map<String, RouteTable> rtBySubnet = new HashMap<>();
  final Map<String, RouteTable> mainRtByVpc = new HashMap<>();
  final Map<String, List<EfsMountTarget>> mountTargetsByFs = new HashMap<>();
  final Map<String, List<CollectionError>> errorsByResource = new HashMap<>();
  final Map<String, EcsCluster> clusters = new HashMap<>();
  final Map<String, List<NetworkInterface>> enisBySubnet = new HashMap<>();
  final Set<String> ciTaskEniIds = new java.util.HashSet<>();

  final Set<String> ciClusterArns = new LinkedHashSet<>();
  final TaskDefinition runnerTd;
  final List<String> expectedFamilies = new ArrayList<>();
  final List<TaskDefinition> ciTaskDefinitions = new ArrayList<>();
  final Map<String, Set<String>> ciReasons = new HashMap<>();
  final Map<String, List<EcsService>> servicesByTd = new HashMap<>();
  final Map<String, List<EcsTask>> tasksByTd = new HashMap<>();
  final Set<String> ciSubnetIds = new TreeSet<>();
  final Map<String, Set<String>> ciSubnetReasons = new HashMap<>();
  final Set<String> publicIpSubnets = new TreeSet<>();
  final Set<String> taskSgIds = new TreeSet<>();
  final Set<String> efsSgIds = new TreeSet<>();
  final Set<String> ciFileSystemIds = new TreeSet<>();
  final Map<String, Set<String>> fsUsedBy = new HashMap<>();
  final Map<String, Set<String>> ciRoleKinds = new LinkedHashMap<>();
  final Set<String> ciTaskRoleArns = new LinkedHashSet<>();
  final Map<String, Set<String>> ciSecretRefs = new LinkedHashMap<>();
  final Set<String> ciEcrRepositories = new TreeSet<>();
  final ExpectedSources sshSources;
  final ExpectedSources nfsSources;

  /*
   * The constructor sequences the passes below, one method per pass over an inventory list; a pass
   * reads only what the passes before it built. The order in which a pass fills a set or map is not
   * the order of any fact: derive sorts what it reads from them (Derivation, Facts.sorted).
   */
  EstateIndex(Inventory inv, AuditConfig cfg) {
    // The indexes by reference fill maps of their own, so they are built beside those by id.
    ForkJoinTask<?> byReference = ForkJoinPool.commonPool().submit(() -> indexByReference(inv));
    subnets = Derivation.index(inv.subnets(), Subnet::id);
    securityGroups = Derivation.index(inv.securityGroups(), SecurityGroup::id);
    nats = Derivation.index(inv.natGateways(), NatGateway::id);
    enis = Derivation.index(inv.networkInterfaces(), NetworkInterface::id);
    for (IamRole r : inv.iamRoles()) roles.putIfAbsent(r.arn(), r);
    rolesByName = Derivation.index(inv.iamRoles(), IamRole::name);
    fileSystems = Derivation.index(inv.efsFileSystems(), EfsFileSystem::id);
    ecrByName = Derivation.index(inv.ecrRepositories(), EcrRepository::name);
    secretsByArn = Derivation.index(inv.secrets(), SecretMetadata::arn);
    secretsByName = Derivation.index(inv.secrets(), SecretMetadata::name);
    tdByArn = Derivation.index(inv.taskDefinitions(), TaskDefinition::arn);
    byReference.join();
    indexSecretsByPartialArn(inv);

    RunnerConfig rc = inv.runnerConfig();
    findCiClusters(inv, cfg, rc);
    runnerTd = rc == null || rc.taskDefinition() == null ? null : taskDefinition(rc.taskDefinition());
    expectedFamilies.addAll(cfg.ci().taskDefinitionFamilies());
    if (runnerTd != null && expectedFamilies.stream().noneMatch(g -> IamPatterns.glob(g, runnerTd.family()))) {
      expectedFamilies.add(runnerTd.family());
    }

    // Runner role and instance: configured role, else instances that look like the runner.
    String runnerRoleArn = cfg.ci().runnerRole();
    Map<String, IamInstanceProfile> profiles = Derivation.index(inv.iamInstanceProfiles(), IamInstanceProfile::arn);
    List<Ec2Instance> runnerInstances = runnerInstances(inv, runnerRoleArn, profiles);
    if (runnerRoleArn == null) runnerRoleArn = firstRole(runnerInstances, profiles);
    if (runnerRoleArn != null && !roles.containsKey(runnerRoleArn) && rolesByName.containsKey(Facts.arnName(runnerRoleArn))) {
      runnerRoleArn = rolesByName.get(Facts.arnName(runnerRoleArn)).arn();
    }
    IamRole runnerRole = runnerRoleArn == null ? null : roles.get(runnerRoleArn);

    // CI task definitions, with the reasons they are CI.
    Map<String, TaskDefinition> ci = new LinkedHashMap<>();
    if (runnerTd != null) addTd(ci, runnerTd, "named in fargate.toml");
    addConfiguredTds(ci, inv, cfg);
    addServiceTds(ci, inv, cfg);
    addRunningTds(ci, inv, cfg);
    if (runnerRole != null) addTdsTheRunnerMayStart(ci, inv, runnerRole);
    ciTaskDefinitions.addAll(ci.values());
    ciTaskDefinitions.sort(Comparator.comparing(TaskDefinition::arn));

    // Network: the runner config's subnet and group are CI even with no ENI between jobs.
    if (rc != null && rc.subnet() != null) {
      addSubnet(rc.subnet(), "fargate.toml");
      if (Facts.bool(rc.enablePublicIp())) publicIpSubnets.add(rc.subnet());
    }
    if (rc != null && rc.securityGroup() != null) taskSgIds.add(rc.securityGroup());
    // Three passes over the CI task definitions, each filling sets no other pass touches, in the
    // task definitions' order; the containers' pass runs beside the other two.
    ForkJoinTask<?> containers = ForkJoinPool.commonPool().submit(() -> {
      for (TaskDefinition td : ciTaskDefinitions) scopeContainers(td);
    });
    for (TaskDefinition td : ciTaskDefinitions) scopeNetwork(td);
    for (TaskDefinition td : ciTaskDefinitions) scopeVolumesAndRoles(td);
    containers.join();
    for (String id : ciFileSystemIds) {
      for (EfsMountTarget mt : mountTargetsByFs.getOrDefault(id, List.of())) efsSgIds.addAll(mt.securityGroupIds());
    }
    for (String arn : ciRoleKinds.keySet()) ciTaskRoleArns.add(arn);
    if (runnerRole != null) Derivation.add(ciRoleKinds, runnerRole.arn(), "runner");

    // Expected sources: configured, else the runner instance's groups / the CI task groups and subnets.
    List<String> ssh = new ArrayList<>(cfg.network().sshSources());
    if (ssh.isEmpty()) {
      for (Ec2Instance i : runnerInstances) ssh.addAll(i.securityGroupIds());
    }
    sshSources = new ExpectedSources(ssh);
    List<String> nfs = new ArrayList<>(cfg.network().nfsSources());
    if (nfs.isEmpty()) {
      nfs.addAll(taskSgIds);
      for (String sn : ciSubnetIds) {
        Subnet s = subnets.get(sn);
        if (s != null && s.cidrBlock() != null) nfs.add(s.cidrBlock());
      }
    }
    nfsSources = new ExpectedSources(nfs);
  }

  /** Secrets by partial ARN; it reads {@link #secretsByArn}, so it follows the indexes by id. */
  private void indexSecretsByPartialArn(Inventory inv) {
    for (SecretMetadata sm : inv.secrets()) {
      String arn = sm.arn();
      if (arn != null && arn.length() > 7 && arn.charAt(arn.length() - 7) == '-') {
        secretsByPartialArn.putIfAbsent(arn.substring(0, arn.length() - 7), secretsByArn.get(arn));
      }
    }
  }

  /** The indexes by a reference other than the item's own id (family, subnet, file system...), none read by another index. */
  private void indexByReference(Inventory inv) {
    for (TaskDefinition td : inv.taskDefinitions()) Derivation.addList(tdByFamily, td.family(), td);
    for (EcsCluster c : inv.ecsClusters()) {
      clusters.put(c.arn(), c);
      clusters.putIfAbsent(c.name(), c);
    }
    for (RouteTable rt : inv.routeTables()) {
      for (String s : rt.subnetIds()) rtBySubnet.put(s, rt);
      if (rt.main()) mainRtByVpc.put(rt.vpcId(), rt);
    }
    for (EfsMountTarget mt : inv.efsMountTargets()) Derivation.addList(mountTargetsByFs, mt.fileSystemId(), mt);
    for (NetworkInterface ni : inv.networkInterfaces()) Derivation.addList(enisBySubnet, ni.subnetId(), ni);
    for (CollectionError e : inv.collectionErrors()) {
      if (e.resource() != null && !e.resource().isBlank()) Derivation.addList(errorsByResource, e.resource(), e);
    }
  }

  /** CI clusters: configured, else the runner config's, else every cluster. */
  private void findCiClusters(Inventory inv, AuditConfig cfg, RunnerConfig rc) {
    List<String> wanted = new ArrayList<>(cfg.ci().clusters());
    if (wanted.isEmpty() && rc != null && rc.cluster() != null) wanted.add(rc.cluster());
    for (EcsCluster c : inv.ecsClusters()) {
      if (wanted.isEmpty() || wanted.contains(c.name()) || wanted.contains(c.arn())) ciClusterArns.add(c.arn());
    }
  }

  /** Instances with the configured runner role or, with none configured, that look like the runner. */
  private static List<Ec2Instance> runnerInstances(
      Inventory inv, String runnerRoleArn, Map<String, IamInstanceProfile> profiles) {
    List<Ec2Instance> runnerInstances = new ArrayList<>();
    for (Ec2Instance i : inv.instances()) {
      IamInstanceProfile p = i.instanceProfileArn() == null ? null : profiles.get(i.instanceProfileArn());
      boolean hasRole = runnerRoleArn != null && p != null && p.roleArns().contains(runnerRoleArn);
      boolean looksRunner = runnerRoleArn == null
          && (i.tags().getOrDefault("Name", "").toLowerCase(Locale.ROOT).contains("runner")
              || (i.instanceProfileArn() != null && i.instanceProfileArn().toLowerCase(Locale.ROOT).contains("runner")));
      if (hasRole || looksRunner) runnerInstances.add(i);
    }
    return runnerInstances;
  }

  /** The first role of the first of {@code instances} whose instance profile has one; null if none. */
  private static String firstRole(List<Ec2Instance> instances, Map<String, IamInstanceProfile> profiles) {
    for (Ec2Instance i : instances) {
      IamInstanceProfile p = i.instanceProfileArn() == null ? null : profiles.get(i.instanceProfileArn());
      if (p != null && !p.roleArns().isEmpty()) return p.roleArns().get(0);
    }
    return null;
  }

  private void addConfiguredTds(Map<String, TaskDefinition> ci, Inventory inv, AuditConfig cfg) {
    for (TaskDefinition td : inv.taskDefinitions()) {
      if (td.source() != null) addTd(ci, td, "planned");
      if (active(td) && !cfg.ci().taskDefinitionFamilies().isEmpty()
          && cfg.ci().taskDefinitionFamilies().stream().anyMatch(g -> IamPatterns.glob(g, td.family()))) {
        addTd(ci, td, "family matches ci.taskDefinitionFamilies");
      }
    }
  }

  private void addServiceTds(Map<String, TaskDefinition> ci, Inventory inv, AuditConfig cfg) {
    for (EcsService s : inv.ecsServices()) {
      if (!ciClusterArns.contains(s.clusterArn())) continue;
      TaskDefinition td = tdByArn.get(s.taskDefinitionArn());
      if (td != null && inScope(cfg, td)) {
        Derivation.addList(servicesByTd, td.arn(), s);
        addTd(ci, td, "used by service " + s.name());
      }
    }
  }

  private void addRunningTds(Map<String, TaskDefinition> ci, Inventory inv, AuditConfig cfg) {
    for (EcsTask t : inv.ecsTasks()) {
      if (!ciClusterArns.contains(t.clusterArn())) continue;
      TaskDefinition td = tdByArn.get(t.taskDefinitionArn());
      if (td != null && inScope(cfg, td)) {
        Derivation.addList(tasksByTd, td.arn(), t);
        addTd(ci, td, "running in cluster " + Facts.arnName(t.clusterArn()));
      }
    }
  }

  /**
   * The driver lets any project pick another task definition: whatever the runner may start is CI.
   * A policy that cannot be read may grant anything: fail closed and count every Fargate task
   * definition as one the runner may start (the role's own rules are ERROR for the same reason).
   */
  private void addTdsTheRunnerMayStart(Map<String, TaskDefinition> ci, Inventory inv, IamRole runnerRole) {
    List<String> scopes = new ArrayList<>();
    List<PolicyStatement> st = new ArrayList<>();
    boolean unreadable = false;
    for (var p : runnerRole.attachedPolicies()) unreadable |= !parseInto(st, p.name(), p.awsManaged(), p.document());
    for (var p : runnerRole.inlinePolicies()) unreadable |= !parseInto(st, p.name(), false, p.document());
    for (PolicyStatement s : st) {
      if (s.allow() && s.grants("ecs:RunTask")) scopes.addAll(s.resources());
    }
    // One reason string per scope, shared by every task definition it matches.
    List<String> reasons = scopes.stream().map(r -> "the runner role may start it (ecs:RunTask on " + r + ")").toList();
    for (TaskDefinition td : inv.taskDefinitions()) {
      if (!active(td) || !td.requiresCompatibilities().contains("FARGATE")) continue;
      if (unreadable) {
        addTd(ci, td, "the runner role has a policy that could not be read, so it may start any task definition");
        continue;
      }
      String familyArn = td.arn() == null ? null : withoutRevision(td.arn());
      for (int i = 0; i < scopes.size(); i++) {
        String r = scopes.get(i);
        if (r.equals("*") || IamPatterns.resourceMatches(r, td.arn()) || IamPatterns.resourceMatches(r, familyArn)) {
          addTd(ci, td, reasons.get(i));
          break;
        }
      }
    }
  }

  /** The subnets and security groups one CI task definition's services and tasks bring into scope. */
  private void scopeNetwork(TaskDefinition td) {
    for (EcsService s : servicesByTd.getOrDefault(td.arn(), List.of())) {
      if (s.network() == null) continue;
      for (String sn : s.network().subnets()) {
        addSubnet(sn, "service " + s.name());
        if ("ENABLED".equalsIgnoreCase(s.network().assignPublicIp())) publicIpSubnets.add(sn);
      }
      taskSgIds.addAll(s.network().securityGroups());
    }
    for (EcsTask t : tasksByTd.getOrDefault(td.arn(), List.of())) scopeTask(t);
  }

  /** The file systems and roles one CI task definition brings into scope. */
  private void scopeVolumesAndRoles(TaskDefinition td) {
    for (TaskVolume v : td.volumes()) {
      if (v.efs() != null && v.efs().fileSystemId() != null) {
        ciFileSystemIds.add(v.efs().fileSystemId());
        Derivation.add(fsUsedBy, v.efs().fileSystemId(), td.family() + ":" + td.revision());
      }
    }
    if (td.executionRoleArn() != null) addRole(td.executionRoleArn(), "execution");
    if (td.taskRoleArn() != null) addRole(td.taskRoleArn(), "task");
  }

  /** The secrets and repositories one CI task definition's containers bring into scope. */
  private void scopeContainers(TaskDefinition td) {
    for (ContainerDefinition c : td.containers()) {
      String name = td.family() + ":" + td.revision();
      if (c.repositoryCredentialsParameter() != null) Derivation.add(ciSecretRefs, c.repositoryCredentialsParameter(), name);
      for (SecretReference s : c.secrets()) {
        if (s.valueFrom() != null && s.valueFrom().contains(":secretsmanager:")) Derivation.add(ciSecretRefs, secretArn(s.valueFrom()), name);
      }
      ImageRef ref = ImageRef.parse(c.image());
      if (ref.kind().equals("ecr")) ciEcrRepositories.add(ref.repository());
    }
  }

  private void scopeTask(EcsTask t) {
    for (var a : t.enis()) {
      ciTaskEniIds.add(a.networkInterfaceId());
      if (a.subnetId() != null) addSubnet(a.subnetId(), "task " + Facts.arnName(t.arn()));
      NetworkInterface ni = enis.get(a.networkInterfaceId());
      if (ni != null) {
        taskSgIds.addAll(ni.securityGroupIds());
        if (ni.publicIp() != null && !ni.publicIp().isBlank()) publicIpSubnets.add(ni.subnetId());
      }
    }
  }

  /** Adds the statements of one policy to {@code into}; false when the document cannot be read. */
  private static boolean parseInto(
      List<PolicyStatement> into, String name, boolean managed, com.fasterxml.jackson.databind.JsonNode doc) {
    try {
      into.addAll(PolicyStatement.parse(name, managed, doc));
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * A task-definition ARN without its {@code :revision} (the digits after its last colon), which is
   * how a policy names every revision of a family.
   */
  static String withoutRevision(String arn) {
    int colon = arn.lastIndexOf(':');
    if (colon < 0 || colon == arn.length() - 1) return arn;
    for (int i = colon + 1; i < arn.length(); i++) {
      char c = arn.charAt(i);
      if (c < '0' || c > '9') return arn;
    }
    return arn.substring(0, colon);
  }

  private static boolean active(TaskDefinition td) {
    return td.status() == null || "ACTIVE".equals(td.status());
  }

  private static boolean inScope(AuditConfig cfg, TaskDefinition td) {
    List<String> globs = cfg.ci().taskDefinitionFamilies();
    return globs.isEmpty() || globs.stream().anyMatch(g -> IamPatterns.glob(g, td.family()));
  }

  private void addTd(Map<String, TaskDefinition> ci, TaskDefinition td, String reason) {
    ci.putIfAbsent(td.arn(), td);
    Derivation.add(ciReasons, td.arn(), reason);
  }

  private void addSubnet(String id, String reason) {
    ciSubnetIds.add(id);
    Derivation.add(ciSubnetReasons, id, reason);
  }

  private void addRole(String arnOrName, String kind) {
    IamRole r = roles.get(arnOrName);
    if (r == null) r = rolesByName.get(Facts.arnName(arnOrName));
    Derivation.add(ciRoleKinds, r == null ? arnOrName : r.arn(), kind);
  }

  /** {@code family}, {@code family:revision} or an ARN; a bare family means its newest active revision. */
  TaskDefinition taskDefinition(String ref) {
    TaskDefinition td = tdByArn.get(ref);
    if (td != null) return td;
    String s = ref.contains("task-definition/") ? ref.substring(ref.indexOf("task-definition/") + 16) : ref;
    int colon = s.lastIndexOf(':');
    if (colon > 0 && s.substring(colon + 1).chars().allMatch(Character::isDigit)) {
      int rev = Integer.parseInt(s.substring(colon + 1));
      return tdByFamily.getOrDefault(s.substring(0, colon), List.of()).stream()
          .filter(t -> t.revision() == rev).findFirst().orElse(null);
    }
    return tdByFamily.getOrDefault(s, List.of()).stream().filter(EstateIndex::active)
        .max(Comparator.comparingInt(TaskDefinition::revision)).orElse(null);
  }

  EcsCluster cluster(String nameOrArn) {
    return clusters.get(nameOrArn);
  }

  RouteTable routeTableFor(Subnet s) {
    RouteTable rt = rtBySubnet.get(s.id());
    return rt != null ? rt : mainRtByVpc.get(s.vpcId());
  }

  /** A secret by ARN (with or without JSON-key suffix) or by name. */
  SecretMetadata secret(String ref) {
    if (ref == null) return null;
    SecretMetadata s = secretsByArn.get(secretArn(ref));
    if (s != null) return s;
    s = secretsByName.get(ref);
    if (s != null) return s;
    // A partial ARN (without the random suffix) names the secret too.
    return secretsByPartialArn.get(secretArn(ref));
  }

  /** The first seven ARN fields: {@code valueFrom} may append {@code :json-key:version-stage:version-id}. */
  static String secretArn(String valueFrom) {
    String[] p = valueFrom.split(":", -1);
    if (p.length <= 7 || !valueFrom.startsWith("arn:")) return valueFrom;
    return String.join(":", java.util.Arrays.copyOf(p, 7));
  }

  /**
   * Network interfaces in {@code subnetId} that belong to neither CI tasks, EFS mount targets nor NAT
   * gateways: other workloads sharing the subnet.
   */
  List<String> otherWorkloads(String subnetId) {
    List<String> out = new ArrayList<>();
    for (NetworkInterface ni : enisBySubnet.getOrDefault(subnetId, List.of())) {
      String type = ni.interfaceType() == null ? "" : ni.interfaceType();
      if (ciTaskEniIds.contains(ni.id()) || type.equals("efs") || type.equals("nat_gateway")) continue;
      out.add(ni.id());
    }
    return out;
  }

  Set<String> ciSecurityGroupIds() {
    Set<String> all = new TreeSet<>(taskSgIds);
    all.addAll(efsSgIds);
    return all;
  }

  /** True when the rule's source is one of {@code expected} (an SG id, or a CIDR within an expected CIDR). */
  static boolean expectedSource(SecurityGroupRule r, ExpectedSources expected) {
    return expected.matches(r.source(), "cidr4".equals(r.sourceKind()) || "cidr6".equals(r.sourceKind()));
  }
}
