package dev.fargateciaudit.derive;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.derive.iam.AccountScope;
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
import dev.fargateciaudit.inventory.SsmParameter;
import dev.fargateciaudit.inventory.Subnet;
import dev.fargateciaudit.inventory.TaskDefinition;
import dev.fargateciaudit.inventory.TaskVolume;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Every index the derive step joins through, built once in one pass per inventory list, and the
 * scope of the CI estate: which task definitions, services, tasks, subnets, security groups, roles,
 * file systems, secrets, parameters and repositories belong to it, and why ({@link Reasons}).
 *
 * <p>The scope is a union, and the config can add to it, never take away: the task definitions of
 * {@code ci.taskDefinitionFamilies}; every task definition a service or a running task in a CI
 * cluster uses, whatever its family; every revision the runner role may start
 * ({@link RunnerScope}); the one the runner config names; planned ones; and what those use.
 */
final class EstateIndex {
  final Map<String, Subnet> subnets;
  final Map<String, SecurityGroup> securityGroups;
  final Map<String, NatGateway> nats;
  final Map<String, NetworkInterface> enis;
  final Map<String, IamRole> roles = new LinkedHashMap<>();
  final Map<String, IamRole> rolesByName;
  final Map<String, EfsFileSystem> fileSystems;
  /** ECR repositories by {@link #ecrKey}: an image is pulled from the repository of its registry's account and region. */
  final Map<String, EcrRepository> ecrRepositories;
  final Map<String, SecretMetadata> secretsByArn;
  /** Secrets by {@code region + " " + name}: a name means the secret of the referencing task definition's region. */
  final Map<String, SecretMetadata> secretsByName;
  /** Secrets by partial ARN: the ARN without the {@code -} and six random characters AWS appends. */
  final Map<String, SecretMetadata> secretsByPartialArn = new HashMap<>();
  final Map<String, SsmParameter> parametersByArn;
  /** Parameters by {@code region + " " + name}. */
  final Map<String, SsmParameter> parametersByName = new HashMap<>();
  final Map<String, TaskDefinition> tdByArn;
  final Map<String, List<TaskDefinition>> tdByFamily = new HashMap<>();
  final Map<String, RouteTable> rtBySubnet = new HashMap<>();
  final Map<String, RouteTable> mainRtByVpc = new HashMap<>();
  final Map<String, List<EfsMountTarget>> mountTargetsByFs = new HashMap<>();
  final Map<String, List<CollectionError>> errorsByResource = new HashMap<>();
  final Map<String, EcsCluster> clusters = new HashMap<>();
  final Map<String, List<NetworkInterface>> enisBySubnet = new HashMap<>();
  final Set<String> ciTaskEniIds = new HashSet<>();

  /** CI clusters by ARN, with why each is CI. */
  final Map<String, String> ciClusters = new LinkedHashMap<>();
  final TaskDefinition runnerTd;
  final IamRole runnerRole;
  final RunnerScope runnerScope;
  /**
   * The distinct task roles of the runner managers in the CI clusters, when there is a runner config
   * and neither ci.runnerRole nor a runner instance names the runner role: exactly one is the runner
   * role; several are a scope gap.
   */
  final List<RunnerManagers.ManagerRole> managerRoles;
  final List<String> configuredFamilies;
  final List<TaskDefinition> ciTaskDefinitions = new ArrayList<>();
  final Map<String, Reasons> tdReasons = new HashMap<>();
  /** The services and running tasks of CI clusters, in ARN order, and which of them use each task definition. */
  final List<EcsService> ciServices = new ArrayList<>();
  final List<EcsTask> ciTasks = new ArrayList<>();
  final Map<String, List<EcsService>> servicesByTd = new HashMap<>();
  final Map<String, List<EcsTask>> tasksByTd = new HashMap<>();
  final Set<String> ciSubnetIds = new TreeSet<>();
  final Map<String, Reasons> subnetReasons = new HashMap<>();
  /** What each CI subnet is referenced by ({@code fargate.toml}, {@code service NAME}, {@code task ID}). */
  final Map<String, Set<String>> ciSubnetReferences = new HashMap<>();
  final Set<String> publicIpSubnets = new TreeSet<>();
  final Set<String> taskSgIds = new TreeSet<>();
  final Set<String> efsSgIds = new TreeSet<>();
  final Map<String, Reasons> sgReasons = new HashMap<>();
  final Set<String> ciFileSystemIds = new TreeSet<>();
  final Map<String, Set<String>> fsUsedBy = new HashMap<>();
  final Map<String, Set<String>> ciRoleKinds = new LinkedHashMap<>();
  final Map<String, Reasons> roleReasons = new HashMap<>();
  final Set<String> ciTaskRoleArns = new LinkedHashSet<>();
  /**
   * The secret references of CI containers by what they resolve to (the secret's or parameter's ARN),
   * else by the lookup and its region: a name missing in two regions is missing twice.
   */
  final Map<String, SecretUses> ciSecrets = new HashMap<>();
  /**
   * The repositories CI images are pulled from, by ARN (by {@link #ecrKey} for a record without one),
   * with those of other accounts that could not be read ({@link #unreadRepositoryOfAnotherAccount}).
   */
  final Map<String, EcrRepository> ciEcrRepositories = new TreeMap<>();
  /** Why each CI repository is CI, by the key of {@link #ciEcrRepositories}. */
  final Map<String, Reasons> repositoryReasons = new HashMap<>();
  /** The regions of the task definitions whose images each CI repository holds, by the key of {@link #ciEcrRepositories}. */
  final Map<String, Set<String>> repositoryUserRegions = new HashMap<>();
  /** The estate's partition and account: whose registry an image is in, and its repository's ARN. */
  private final AccountScope scope;
  final ExpectedSources sshSources;
  final ExpectedSources nfsSources;

  /** Every use of one secret or parameter by CI containers. */
  static final class SecretUses {
    final SecretLookup lookup;
    /** The ARN the references resolve to, else the lookup. */
    final String id;
    final Set<String> references = new TreeSet<>();
    final Set<String> usedBy = new TreeSet<>();
    final Reasons reasons = new Reasons();
    /** The regions of the task definitions that use it (null for one of no region). */
    final Set<String> userRegions = new HashSet<>();

    SecretUses(SecretLookup lookup, String id) {
      this.lookup = lookup;
      this.id = id;
    }
  }

  /*
   * The constructor sequences the passes below, one method per pass over an inventory list; a pass
   * reads only what the passes before it built. The order in which a pass fills a set or map is not
   * the order of any fact: derive sorts what it reads from them (Derivation, Facts.sorted, Reasons).
   */
  EstateIndex(Inventory inv, AuditConfig cfg, AccountScope scope) {
    this.scope = scope;
    // The indexes by reference fill maps of their own, so they are built beside those by id.
    ForkJoinTask<?> byReference = ForkJoinPool.commonPool().submit(() -> indexByReference(inv));
    subnets = Derivation.index(inv.subnets(), Subnet::id);
    securityGroups = Derivation.index(inv.securityGroups(), SecurityGroup::id);
    nats = Derivation.index(inv.natGateways(), NatGateway::id);
    enis = Derivation.index(inv.networkInterfaces(), NetworkInterface::id);
    for (IamRole r : inv.iamRoles()) roles.putIfAbsent(r.arn(), r);
    rolesByName = Derivation.index(inv.iamRoles(), IamRole::name);
    fileSystems = Derivation.index(inv.efsFileSystems(), EfsFileSystem::id);
    ecrRepositories = Derivation.index(inv.ecrRepositories(), EstateIndex::ecrKey);
    secretsByArn = Derivation.index(inv.secrets(), SecretMetadata::arn);
    secretsByName = Derivation.index(inv.secrets(), s -> s.region() + " " + s.name());
    parametersByArn = Derivation.index(inv.ssmParameters(), SsmParameter::arn);
    tdByArn = Derivation.index(inv.taskDefinitions(), TaskDefinition::arn);
    byReference.join();
    indexSecretsByPartialArn(inv);

    RunnerConfig rc = inv.runnerConfig();
    findCiClusters(inv, cfg, rc);
    runnerTd = rc == null || rc.taskDefinition() == null ? null : taskDefinition(rc.taskDefinition());
    configuredFamilies = cfg.ci().taskDefinitionFamilies();

    // CI task definitions, with the reasons they are CI: those of the CI workloads first, since a
    // runner manager among them may be how the runner role is found.
    Map<String, TaskDefinition> ci = new LinkedHashMap<>();
    if (runnerTd != null) addTd(ci, runnerTd, "named by the runner config (fargate.toml TaskDefinition)");
    addConfiguredTds(ci, inv, cfg);
    addServiceTds(ci, inv);
    addRunningTds(ci, inv);

    // The runner: the configured role, else the role of the instances that look like the runner,
    // else, with a runner config (the Fargate driver, which starts tasks), the one task role of the
    // runner managers running in the CI clusters: a GitLab Runner service with no runner config may
    // run its jobs in its own task (the shell executor), and is then a CI task, not a runner.
    Map<String, IamInstanceProfile> profiles = Derivation.index(inv.iamInstanceProfiles(), IamInstanceProfile::arn);
    List<Ec2Instance> runnerInstances = RunnerScope.instances(cfg.ci().runnerRole(), inv.instances(), profiles);
    String runnerRoleArn = RunnerScope.roleArn(cfg.ci().runnerRole(), runnerInstances, profiles);
    String runnerRoleReason = cfg.ci().runnerRole() != null ? "the runner role (ci.runnerRole)"
        : "the runner role (instance profile of the runner instance)";
    managerRoles = runnerRoleArn != null || rc == null ? List.of() : RunnerManagers.taskRoles(ciServices, ciTasks, tdByArn::get);
    if (managerRoles.size() == 1) {
      runnerRoleArn = managerRoles.get(0).roleArn();
      runnerRoleReason = "the runner role (" + managerRoles.get(0).reason() + ")";
    }
    runnerRole = runnerRoleArn == null ? null : role(runnerRoleArn);
    runnerScope = RunnerScope.of(runnerRole, List.copyOf(ciClusters.keySet()), anyCluster(cfg, rc), scope);
    addTdsTheRunnerMayStart(ci, inv);
    ciTaskDefinitions.addAll(ci.values());
    ciTaskDefinitions.sort(Comparator.comparing(TaskDefinition::arn));
    ciServices.sort(Comparator.comparing(EcsService::arn));
    ciTasks.sort(Comparator.comparing(EcsTask::arn));

    // Network: the runner config's subnet and group are CI even with no ENI between jobs.
    if (rc != null && rc.subnet() != null) {
      addSubnet(rc.subnet(), "fargate.toml", "the runner config's Subnet (fargate.toml)", null);
      if (Facts.bool(rc.enablePublicIp())) publicIpSubnets.add(rc.subnet());
    }
    if (rc != null && rc.securityGroup() != null) addTaskSg(rc.securityGroup(), "the runner config's SecurityGroup (fargate.toml)", null);
    // Three passes over the CI task definitions, each filling sets no other pass touches, in the
    // task definitions' order; the containers' pass runs beside the other two.
    ForkJoinTask<?> containers = ForkJoinPool.commonPool().submit(() -> {
      for (TaskDefinition td : ciTaskDefinitions) scopeContainers(td);
    });
    for (EcsService s : ciServices) scopeService(s);
    for (EcsTask t : ciTasks) scopeTask(t);
    for (TaskDefinition td : ciTaskDefinitions) scopeVolumesAndRoles(td);
    containers.join();
    for (String id : ciFileSystemIds) {
      for (EfsMountTarget mt : mountTargetsByFs.getOrDefault(id, List.of())) {
        for (String sg : mt.securityGroupIds()) {
          efsSgIds.add(sg);
          reasons(sgReasons, sg).add("security group of the mount targets of CI file system", id);
        }
      }
    }
    for (String arn : ciRoleKinds.keySet()) ciTaskRoleArns.add(arn);
    if (runnerRole != null) {
      Derivation.add(ciRoleKinds, runnerRole.arn(), "runner");
      reasons(roleReasons, runnerRole.arn()).add(runnerRoleReason);
    }

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
    for (SsmParameter p : inv.ssmParameters()) parametersByName.putIfAbsent(p.region() + " " + p.name(), p);
    for (CollectionError e : inv.collectionErrors()) {
      if (e.resource() != null && !e.resource().isBlank()) Derivation.addList(errorsByResource, e.resource(), e);
    }
  }

  /** CI clusters: configured, else the runner config's, else every cluster. */
  private void findCiClusters(Inventory inv, AuditConfig cfg, RunnerConfig rc) {
    List<String> configured = cfg.ci().clusters();
    boolean fromRunner = configured.isEmpty() && rc != null && rc.cluster() != null;
    for (EcsCluster c : inv.ecsClusters()) {
      if (!configured.isEmpty()) {
        if (configured.contains(c.name()) || configured.contains(c.arn())) ciClusters.put(c.arn(), "ci.clusters");
      } else if (fromRunner) {
        if (rc.cluster().equals(c.name()) || rc.cluster().equals(c.arn())) ciClusters.put(c.arn(), "the runner config's Cluster");
      } else {
        ciClusters.put(c.arn(), "every cluster: none configured");
      }
    }
  }

  /** True when every cluster is CI: none is configured and the runner config names none. */
  static boolean anyCluster(AuditConfig cfg, RunnerConfig rc) {
    return cfg.ci().clusters().isEmpty() && (rc == null || rc.cluster() == null);
  }

  private void addConfiguredTds(Map<String, TaskDefinition> ci, Inventory inv, AuditConfig cfg) {
    for (TaskDefinition td : inv.taskDefinitions()) {
      if (td.source() != null && "planned".equals(td.source().kind())) addTd(ci, td, "planned in " + td.source().file());
      if (!active(td)) continue;
      for (String g : cfg.ci().taskDefinitionFamilies()) {
        if (IamPatterns.glob(g, td.family())) {
          addTd(ci, td, "its family matches ci.taskDefinitionFamilies " + g);
          break;
        }
      }
    }
  }

  /** Every service in a CI cluster is CI, and so is its task definition, whatever its family. */
  private void addServiceTds(Map<String, TaskDefinition> ci, Inventory inv) {
    for (EcsService s : inv.ecsServices()) {
      if (!ciClusters.containsKey(s.clusterArn())) continue;
      ciServices.add(s);
      TaskDefinition td = tdByArn.get(s.taskDefinitionArn());
      if (td != null) {
        Derivation.addList(servicesByTd, td.arn(), s);
        addTd(ci, td, "used by service " + s.name() + " in CI cluster " + Facts.arnName(s.clusterArn()));
      }
    }
  }

  /** Every task running in a CI cluster is CI, and so is its task definition, whatever its family. */
  private void addRunningTds(Map<String, TaskDefinition> ci, Inventory inv) {
    for (EcsTask t : inv.ecsTasks()) {
      if (!ciClusters.containsKey(t.clusterArn())) continue;
      ciTasks.add(t);
      TaskDefinition td = tdByArn.get(t.taskDefinitionArn());
      if (td != null) {
        Derivation.addList(tasksByTd, td.arn(), t);
        addTd(ci, td, "running in CI cluster " + Facts.arnName(t.clusterArn()));
      }
    }
  }

  /** The driver lets any project pick another task definition: every active revision the runner may start is CI. */
  private void addTdsTheRunnerMayStart(Map<String, TaskDefinition> ci, Inventory inv) {
    if (runnerRole == null) return;
    for (TaskDefinition td : inv.taskDefinitions()) {
      if (!active(td)) continue;
      String reason = runnerScope.reason(td);
      if (reason != null) addTd(ci, td, reason);
    }
  }

  /** The subnets and security groups one CI service brings into scope. */
  private void scopeService(EcsService s) {
    if (s.network() == null) return;
    for (String sn : s.network().subnets()) {
      addSubnet(sn, "service " + s.name(), "subnet of CI service", s.name());
      if ("ENABLED".equalsIgnoreCase(s.network().assignPublicIp())) publicIpSubnets.add(sn);
    }
    for (String sg : s.network().securityGroups()) addTaskSg(sg, "security group of CI service", s.name());
  }

  /** The subnets and security groups one running CI task brings into scope. */
  private void scopeTask(EcsTask t) {
    String task = Facts.arnName(t.arn());
    for (var a : t.enis()) {
      ciTaskEniIds.add(a.networkInterfaceId());
      if (a.subnetId() != null) addSubnet(a.subnetId(), "task " + task, "subnet of running CI task", task);
      NetworkInterface ni = enis.get(a.networkInterfaceId());
      if (ni != null) {
        for (String sg : ni.securityGroupIds()) addTaskSg(sg, "security group of running CI task", task);
        if (ni.publicIp() != null && !ni.publicIp().isBlank()) publicIpSubnets.add(ni.subnetId());
      }
    }
  }

  /** The file systems and roles one CI task definition brings into scope. */
  private void scopeVolumesAndRoles(TaskDefinition td) {
    String name = td.family() + ":" + td.revision();
    for (TaskVolume v : td.volumes()) {
      if (v.efs() != null && v.efs().fileSystemId() != null) {
        ciFileSystemIds.add(v.efs().fileSystemId());
        Derivation.add(fsUsedBy, v.efs().fileSystemId(), name);
      }
    }
    if (td.executionRoleArn() != null) addRole(td.executionRoleArn(), "execution", name);
    if (td.taskRoleArn() != null) addRole(td.taskRoleArn(), "task", name);
  }

  /** The secrets, parameters and repositories one CI task definition's containers bring into scope. */
  private void scopeContainers(TaskDefinition td) {
    String name = td.family() + ":" + td.revision();
    for (ContainerDefinition c : td.containers()) {
      String container = name + " container " + c.name();
      String cred = c.repositoryCredentialsParameter();
      if (cred != null && !cred.isBlank()) {
        useSecret(SecretLookup.ofRepositoryCredentials(cred, td.region()), cred, container + " (repositoryCredentials)", td.region());
      }
      for (SecretReference s : c.secrets()) {
        if (s.valueFrom() == null || s.valueFrom().isBlank()) continue;
        useSecret(SecretLookup.ofValueFrom(s.valueFrom(), td.region()), s.valueFrom(), container + " (" + s.name() + ")", td.region());
      }
      ImageRef image = ImageRef.parse(c.image());
      EcrRepository repo = ecrRepository(image);
      if (repo == null) repo = unreadRepositoryOfAnotherAccount(image);
      if (repo != null) {
        String arn = repo.arn() != null ? repo.arn() : ecrKey(repo);
        ciEcrRepositories.putIfAbsent(arn, repo);
        reasons(repositoryReasons, arn).add("image of CI container", name + " " + c.name());
        repositoryUserRegions.computeIfAbsent(arn, k -> new HashSet<>()).add(td.region());
      }
    }
  }

  private void useSecret(SecretLookup lookup, String reference, String usage, String userRegion) {
    String arn = resolvedArn(lookup);
    String key = arn != null ? arn : lookup.lookup() + " " + lookup.region();
    SecretUses uses = ciSecrets.computeIfAbsent(key, k -> new SecretUses(lookup, arn != null ? arn : lookup.lookup()));
    uses.references.add(reference);
    uses.usedBy.add(usage);
    uses.userRegions.add(userRegion);
    uses.reasons.add("referenced by CI container", usage);
  }

  /** The ARN a reference resolves to, or null when it names nothing that was found. */
  private String resolvedArn(SecretLookup lookup) {
    if (lookup.parameterStore()) {
      SsmParameter p = parameter(lookup);
      return p == null ? null : p.arn();
    }
    SecretMetadata s = secret(lookup);
    return s == null ? null : s.arn();
  }

  /** The parameter a Parameter Store reference names, or null. */
  SsmParameter parameter(SecretLookup lookup) {
    SsmParameter p = parametersByArn.get(lookup.lookup());
    if (p != null) return p;
    for (String name : lookup.parameterNames()) {
      p = parametersByName.get(lookup.region() + " " + name);
      if (p != null) return p;
    }
    return null;
  }

  private static boolean active(TaskDefinition td) {
    return td.status() == null || "ACTIVE".equals(td.status());
  }

  private void addTd(Map<String, TaskDefinition> ci, TaskDefinition td, String reason) {
    ci.putIfAbsent(td.arn(), td);
    reasons(tdReasons, td.arn()).add(reason);
  }

  private void addSubnet(String id, String reference, String kind, String name) {
    ciSubnetIds.add(id);
    Derivation.add(ciSubnetReferences, id, reference);
    if (name == null) reasons(subnetReasons, id).add(kind);
    else reasons(subnetReasons, id).add(kind, name);
  }

  private void addTaskSg(String id, String kind, String name) {
    taskSgIds.add(id);
    if (name == null) reasons(sgReasons, id).add(kind);
    else reasons(sgReasons, id).add(kind, name);
  }

  private void addRole(String arnOrName, String kind, String taskDefinition) {
    IamRole r = role(arnOrName);
    String arn = r == null ? arnOrName : r.arn();
    Derivation.add(ciRoleKinds, arn, kind);
    reasons(roleReasons, arn).add(kind + " role of CI task definition", taskDefinition);
  }

  /** A role by ARN, or by the name an ARN ends with (a task definition may name a role by name). */
  private IamRole role(String arnOrName) {
    IamRole r = roles.get(arnOrName);
    return r != null ? r : rolesByName.get(Facts.arnName(arnOrName));
  }

  static Reasons reasons(Map<String, Reasons> m, String key) {
    return m.computeIfAbsent(key, k -> new Reasons());
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

  /** The secret a Secrets Manager reference names: by ARN, by partial ARN, or by name in the lookup's region; or null. */
  SecretMetadata secret(SecretLookup lookup) {
    String ref = lookup.lookup();
    SecretMetadata s = secretsByArn.get(ref);
    if (s != null) return s;
    s = secretsByName.get(lookup.region() + " " + ref);
    if (s != null) return s;
    return secretsByPartialArn.get(ref);
  }

  /** The repository a private ECR image is pulled from (of its registry host's account and region), or null. */
  EcrRepository ecrRepository(ImageRef ref) {
    return ref.kind().equals("ecr") ? ecrRepositories.get(ecrKey(ref.ecrAccount(), ref.ecrRegion(), ref.repository())) : null;
  }

  /**
   * Another account's repository a CI image comes from that could not be read (a pull-only
   * repository policy grants this account no {@code ecr:DescribeRepositories}), as a record of what
   * the image tells of it; else null. Whether it is shared with everyone is unknown, so its rules are
   * ERROR on it, not on the containers pulling from it, whose own settings were read.
   */
  private EcrRepository unreadRepositoryOfAnotherAccount(ImageRef ref) {
    if (!ref.kind().equals("ecr") || ref.ecrAccount().equals(scope.account())) return null;
    String arn = ref.ecrRepositoryArn(scope.partition());
    if (ecrErrors(ref.ecrRegion(), arn, ref.repository()).isEmpty()) return null;
    return new EcrRepository(arn, ref.repository(), ref.ecrRegion(), ref.ecrAccount(),
        ref.registry() + "/" + ref.repository(), null, false, null, null);
  }

  /**
   * A repository's registry account and region (from its ARN when the record leaves them out) and
   * name, which tell it from a same-named repository of another region or account; null without a
   * name. Anything kept per repository is kept by this key (or the ARN), never by the name.
   */
  static String ecrKey(EcrRepository r) {
    String[] arn = r.arn() == null ? new String[0] : r.arn().split(":", 6);
    String account = r.registryId() != null || arn.length < 6 ? r.registryId() : arn[4];
    String region = r.region() != null || arn.length < 6 ? r.region() : arn[3];
    return r.name() == null ? null : ecrKey(account, region, r.name());
  }

  private static String ecrKey(String account, String region, String name) {
    return account + " " + region + " " + name;
  }

  /**
   * The collection errors about {@code resource} in {@code region} (and those of no region): a name
   * is read region by region (an ECR repository within its region's registry, a secret or parameter
   * name in the referencing task definition's region), so a failed read of it elsewhere is about another.
   */
  List<CollectionError> errorsIn(String region, String resource) {
    List<CollectionError> out = new ArrayList<>();
    for (CollectionError e : errorsByResource.getOrDefault(resource, List.of())) {
      if (e.region() == null || e.region().equals(region)) out.add(e);
    }
    return out;
  }

  /**
   * The collection errors about the ECR repository {@code arn}, named {@code name} in {@code region}:
   * the collector records them against the ARN, which tells registries apart; snapshots of earlier
   * versions named the repository alone, and those errors still count (fail closed).
   */
  List<CollectionError> ecrErrors(String region, String arn, String name) {
    List<CollectionError> out = arn == null ? new ArrayList<>() : errorsIn(region, arn);
    out.addAll(errorsIn(region, name));
    return out;
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

  /** The CI secret references in the order of the ids they resolve to. */
  Map<String, SecretUses> ciSecretsInOrder() {
    return new TreeMap<>(ciSecrets);
  }

  /** True when the rule's source is one of {@code expected} (an SG id, or a CIDR within an expected CIDR). */
  static boolean expectedSource(SecurityGroupRule r, ExpectedSources expected) {
    return expected.matches(r.source(), "cidr4".equals(r.sourceKind()) || "cidr6".equals(r.sourceKind()));
  }
}
