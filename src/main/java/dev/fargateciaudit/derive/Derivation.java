package dev.fargateciaudit.derive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.derive.iam.AccountScope;
import dev.fargateciaudit.derive.iam.ConditionProbes;
import dev.fargateciaudit.derive.iam.RequestContext;
import dev.fargateciaudit.inventory.CollectionError;
import dev.fargateciaudit.inventory.ContainerDefinition;
import dev.fargateciaudit.inventory.EcrRepository;
import dev.fargateciaudit.inventory.EcsService;
import dev.fargateciaudit.inventory.EcsTask;
import dev.fargateciaudit.inventory.EfsFileSystem;
import dev.fargateciaudit.inventory.EfsMountTarget;
import dev.fargateciaudit.inventory.EnvironmentVariable;
import dev.fargateciaudit.inventory.IamRole;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.NatGateway;
import dev.fargateciaudit.inventory.NetworkInterface;
import dev.fargateciaudit.inventory.PortMapping;
import dev.fargateciaudit.inventory.Route;
import dev.fargateciaudit.inventory.RouteTable;
import dev.fargateciaudit.inventory.RunnerConfig;
import dev.fargateciaudit.inventory.SecretClassifier;
import dev.fargateciaudit.inventory.SecretMetadata;
import dev.fargateciaudit.inventory.SecretReference;
import dev.fargateciaudit.inventory.SsmParameter;
import dev.fargateciaudit.inventory.SecurityGroup;
import dev.fargateciaudit.inventory.SecurityGroupRule;
import dev.fargateciaudit.inventory.Subnet;
import dev.fargateciaudit.inventory.TaskDefinition;
import dev.fargateciaudit.inventory.TaskVolume;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.Function;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * The derive step: a pure function from an {@link Inventory} and the audit config to the
 * {@link Subjects} rules evaluate. Joins go through the {@link EstateIndex} built once; only
 * resources of the CI estate become subjects.
 *
 * <p>What the index gathers pass by pass is ordered here, at output, so that its passes can be
 * reordered freely: the sets of reasons and users ({@link Facts#sorted}) are sorted, and role and
 * secret subjects come in ARN (reference) order, as the other subject types come in id order.
 */
public final class Derivation {
  private final Inventory inv;
  private final AuditConfig cfg;
  private final EstateIndex ix;
  private final String account;
  /** Where IAM resource patterns and conditions are probed: the estate's partition, account and regions. */
  private final AccountScope scope;
  /** Facts every security group shares, made immutable once rather than with each group. */
  private final List<Object> sshSources;
  private final List<Object> nfsSources;
  /**
   * What each repository's policy exposes, by {@link EstateIndex#ecrKey} (registry, region and
   * name: two regions' same-named repositories are two), worked out when first asked: a pure function of
   * the policy, which the ECR repository subject and every CI container whose image it holds read.
   */
  private final Map<String, RepositoryPolicy> repositoryPolicies = new ConcurrentHashMap<>();

  private Derivation(Inventory inv, AuditConfig cfg) {
    this.inv = inv;
    this.cfg = cfg;
    this.account = inv.meta() == null ? "" : Facts.str(inv.meta().accountId());
    this.scope = new AccountScope(inv.meta() == null ? null : inv.meta().partition(), account,
        inv.meta() == null || inv.meta().regions().isEmpty() ? cfg.regions() : inv.meta().regions());
    this.ix = new EstateIndex(inv, cfg, scope);
    this.sshSources = Facts.shared(ix.sshSources.values());
    this.nfsSources = Facts.shared(ix.nfsSources.values());
  }

  /**
   * The parts the subjects are built in ({@link #parts(Inventory, AuditConfig)}) and what makes the
   * scope incomplete: a configured reference that names nothing, or no CI task definition at all
   * (one line each, saying what was not found and where it was looked for).
   */
  public record Derived(List<SubjectPart> parts, List<String> scopeGaps) {
    public Derived {
      parts = List.copyOf(parts);
      scopeGaps = List.copyOf(scopeGaps);
    }
  }

  /** Builds the index (on the calling thread); the subjects are built when the parts are. */
  public static Derived prepare(Inventory inventory, AuditConfig config) {
    AuditConfig cfg = config == null ? AuditConfig.DEFAULTS : config;
    Derivation d = new Derivation(inventory, cfg);
    return new Derived(d.parts(), ScopeGaps.of(inventory, cfg, d.ix));
  }

  public static Subjects derive(Inventory inventory, AuditConfig config) {
    List<SubjectPart> parts = parts(inventory, config);
    ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
    try {
      List<ForkJoinTask<List<Subject>>> built = new ArrayList<>(parts.size());
      for (SubjectPart part : parts) built.add(pool.submit(part::build));
      Map<SubjectType, List<Subject>> m = new EnumMap<>(SubjectType.class);
      for (int i = 0; i < parts.size(); i++) {
        m.computeIfAbsent(parts.get(i).type(), t -> new ArrayList<>()).addAll(built.get(i).join());
      }
      return new Subjects(m);
    } finally {
      pool.shutdown();
    }
  }

  /**
   * Builds the index (on the calling thread) and returns the parts the subjects are built in, in the
   * order to start them: every type at least one part, the parts of a type in subject order. Each
   * part reads only the finished index, so parts build in parallel, and a part's subjects can be
   * judged and dropped as soon as it is built ({@code rules/Evaluator}).
   */
  public static List<SubjectPart> parts(Inventory inventory, AuditConfig config) {
    return prepare(inventory, config).parts();
  }

  /**
   * Task definitions (or running tasks) per part when the types built from them are built in
   * slices: small enough that an estate of a few thousand has several parts of each type to share
   * between the cores, and that only a few parts' subjects are alive at once.
   */
  static final int SLICE = 512;

  /** CI roles per part: a role's policies take several times a task definition's facts to analyse. */
  static final int ROLE_SLICE = 128;

  /**
   * The types with most subjects (CI task definitions, their containers, running tasks and roles)
   * are built in slices, so that neither core waits on the other; the other types whole. The parts
   * built whole come first, so that none of them is left running alone at the end.
   */
  private List<SubjectPart> parts() {
    Map<SubjectType, List<Supplier<List<Subject>>>> parts = new EnumMap<>(SubjectType.class);
    parts.put(SubjectType.CI_TASK, sliced(ix.ciTaskDefinitions, SLICE, this::ciTasks));
    parts.put(SubjectType.ECS_SERVICE, List.of(this::services));
    parts.put(SubjectType.ECS_TASK, sliced(ix.ciTasks, SLICE, this::runningTasks));
    parts.put(SubjectType.CONTAINER, sliced(ix.ciTaskDefinitions, SLICE, this::containers));
    parts.put(SubjectType.CI_SUBNET, List.of(this::subnets));
    parts.put(SubjectType.SECURITY_GROUP, List.of(this::securityGroups));
    NavigableSet<String> allRoleArns = new TreeSet<>();
    for (String arn : ix.roles.keySet()) {
      if (arn != null) allRoleArns.add(arn);
    }
    parts.put(SubjectType.ROLE, sliced(List.copyOf(new TreeMap<>(ix.ciRoleKinds).entrySet()), ROLE_SLICE,
        slice -> roles(slice, allRoleArns)));
    parts.put(SubjectType.FILE_SYSTEM, List.of(this::fileSystems));
    parts.put(SubjectType.SECRET, List.of(this::secrets));
    parts.put(SubjectType.ECR_REPOSITORY, List.of(this::ecrRepositories));
    parts.put(SubjectType.RUNNER_CONFIG, List.of(this::runnerConfig));
    List<SubjectPart> out = new ArrayList<>();
    for (boolean whole : new boolean[] {true, false}) {
      parts.forEach((t, slices) -> {
        if ((slices.size() == 1) == whole) slices.forEach(s -> out.add(new SubjectPart(t, s)));
      });
    }
    return List.copyOf(out);
  }

  /** One part per {@link SubjectPart#slices slice} of {@code size} of {@code items}. */
  private static <T> List<Supplier<List<Subject>>> sliced(List<T> items, int size, Function<List<T>, List<Subject>> part) {
    List<Supplier<List<Subject>>> slices = new ArrayList<>();
    for (List<T> slice : SubjectPart.slices(items, size)) slices.add(() -> part.apply(slice));
    return slices;
  }

  private Subject subject(SubjectType t, String id, String name, String region, Set<String> reads, Map<String, Object> f,
      dev.fargateciaudit.inventory.Source source, List<CollectionError> gaps, List<String> scope, String... keys) {
    return subject(t, t.resourceType(), id, name, region, reads, f, source, gaps, scope, keys);
  }

  /**
   * A subject; its collection errors are {@code gaps} and those of the inventory naming one of
   * {@code keys}, its scope the reasons it is CI (also its fact {@code scope}), and {@code reads} the
   * regions whose data its facts were built from ({@link Subject#regions}).
   */
  private Subject subject(SubjectType t, String resourceType, String id, String name, String region, Set<String> reads,
      Map<String, Object> f, dev.fargateciaudit.inventory.Source source, List<CollectionError> gaps, List<String> scope,
      String... keys) {
    List<CollectionError> all = new ArrayList<>(gaps);
    for (String k : keys) {
      if (k != null) all.addAll(ix.errorsByResource.getOrDefault(k, List.of()));
    }
    f.putIfAbsent("id", Facts.str(id));
    f.putIfAbsent("name", Facts.str(name));
    f.put("region", Facts.str(region));
    f.put("planned", source != null);
    f.put("scope", scope);
    return new Subject(t.label(), id, name, resourceType, region, f, source, all, scope, reads);
  }

  /** The regions {@code regions}, as {@link Subject#regions}: every region when one is unknown. */
  private static Set<String> regions(String... regions) {
    return Subject.regionsOf(Arrays.asList(regions));
  }

  /** {@code region} and {@code others}, as {@link Subject#regions}. */
  private static Set<String> regions(String region, Set<String> others) {
    List<String> all = new ArrayList<>(others);
    all.add(region);
    return Subject.regionsOf(all);
  }

  private static List<String> sentences(Map<String, Reasons> reasons, String key) {
    Reasons r = reasons.get(key);
    return r == null ? List.of() : r.sentences();
  }

  // ---------------------------------------------------------------- ciTask

  private List<Subject> ciTasks(List<TaskDefinition> tds) {
    List<Subject> out = new ArrayList<>(tds.size());
    for (TaskDefinition td : tds) out.add(ciTask(td));
    return out;
  }

  private Subject ciTask(TaskDefinition td) {
    Map<String, Object> f = Facts.map();
    f.put("arn", Facts.str(td.arn()));
    f.put("family", Facts.str(td.family()));
    f.put("revision", (long) td.revision());
    f.put("status", Facts.str(td.status()));
    f.put("networkMode", Facts.str(td.networkMode()));
    f.put("fargate", td.requiresCompatibilities().contains("FARGATE"));
    f.put("executionRoleArn", Facts.str(td.executionRoleArn()));
    f.put("taskRoleArn", Facts.str(td.taskRoleArn()));
    List<String> reasons = sentences(ix.tdReasons, td.arn());
    f.put("ciReasons", reasons);
    f.put("containers", td.containers().stream().map(this::container).toList());
    f.put("volumes", td.volumes().stream().map(this::volume).toList());
    List<Map<String, Object>> services = new ArrayList<>();
    Set<String> subnets = new TreeSet<>();
    Set<String> sgs = new TreeSet<>();
    for (EcsService s : ix.servicesByTd.getOrDefault(td.arn(), List.of())) {
      Map<String, Object> sm = Facts.map();
      sm.put("arn", Facts.str(s.arn()));
      sm.put("name", Facts.str(s.name()));
      sm.put("cluster", Facts.arnName(s.clusterArn()));
      sm.put("platformVersion", Facts.str(s.platformVersion()));
      String assign = s.network() == null ? "" : Facts.str(s.network().assignPublicIp());
      sm.put("assignPublicIp", assign);
      sm.put("subnets", s.network() == null ? List.of() : s.network().subnets());
      sm.put("securityGroups", s.network() == null ? List.of() : s.network().securityGroups());
      sm.put("plannedFile", s.source() == null ? "" : Facts.str(s.source().file()));
      sm.put("plannedPointer", s.source() == null ? "" : Facts.str(s.source().pointer()));
      services.add(sm);
      if (s.network() != null) {
        subnets.addAll(s.network().subnets());
        sgs.addAll(s.network().securityGroups());
      }
    }
    List<Map<String, Object>> running = new ArrayList<>();
    List<String> publicIps = new ArrayList<>();
    for (EcsTask t : ix.tasksByTd.getOrDefault(td.arn(), List.of())) {
      Map<String, Object> tm = Facts.map();
      tm.put("arn", Facts.str(t.arn()));
      tm.put("cluster", Facts.arnName(t.clusterArn()));
      tm.put("lastStatus", Facts.str(t.lastStatus()));
      List<String> ips = new ArrayList<>();
      for (var eni : t.enis()) {
        if (eni.subnetId() != null) subnets.add(eni.subnetId());
        NetworkInterface ni = ix.enis.get(eni.networkInterfaceId());
        if (ni != null) {
          sgs.addAll(ni.securityGroupIds());
          if (ni.publicIp() != null && !ni.publicIp().isBlank()) ips.add(ni.publicIp());
        }
      }
      tm.put("publicIps", List.copyOf(ips));
      publicIps.addAll(ips);
      running.add(tm);
    }
    f.put("services", List.copyOf(services));
    f.put("runningTasks", List.copyOf(running));
    f.put("publicIps", List.copyOf(publicIps));
    f.put("subnets", List.copyOf(subnets));
    f.put("securityGroups", List.copyOf(sgs));
    f.put("inRunnerConfig", ix.runnerTd != null && ix.runnerTd == td);
    // Its services, running tasks, their ENIs and its file systems are all of its region.
    return subject(SubjectType.CI_TASK, td.arn(), td.family() + ":" + td.revision(), td.region(), regions(td.region()), f,
        td.source(), List.of(), reasons, td.arn(), td.family());
  }

  private Map<String, Object> container(ContainerDefinition c) {
    Map<String, Object> m = Facts.map();
    m.put("name", Facts.str(c.name()));
    m.put("image", Facts.str(c.image()));
    m.put("privileged", Facts.bool(c.privileged()));
    m.put("repositoryCredentials", Facts.str(c.repositoryCredentialsParameter()));
    List<Map<String, Object>> ports = new ArrayList<>();
    for (PortMapping p : c.portMappings()) {
      Map<String, Object> pm = Facts.map();
      pm.put("containerPort", Facts.num(p.containerPort(), 0));
      pm.put("hostPort", Facts.num(p.hostPort(), Facts.num(p.containerPort(), 0)));
      pm.put("protocol", p.protocol() == null ? "tcp" : Facts.lower(p.protocol()));
      ports.add(pm);
    }
    m.put("portMappings", List.copyOf(ports));
    List<Map<String, Object>> env = new ArrayList<>();
    for (EnvironmentVariable e : c.environment()) {
      Map<String, Object> em = Facts.map();
      em.put("name", Facts.str(e.name()));
      em.put("classification", Facts.str(e.classification()));
      em.put("looksSecret", SecretClassifier.looksSecret(e.classification()));
      env.add(em);
    }
    m.put("environment", List.copyOf(env));
    List<Map<String, Object>> secrets = new ArrayList<>();
    for (SecretReference s : c.secrets()) {
      Map<String, Object> sm = Facts.map();
      sm.put("name", Facts.str(s.name()));
      sm.put("valueFrom", Facts.str(s.valueFrom()));
      secrets.add(sm);
    }
    m.put("secrets", List.copyOf(secrets));
    return m;
  }

  private Map<String, Object> volume(TaskVolume v) {
    Map<String, Object> m = Facts.map();
    m.put("name", Facts.str(v.name()));
    m.put("efs", v.efs() != null);
    var e = v.efs();
    m.put("fileSystemId", e == null ? "" : Facts.str(e.fileSystemId()));
    m.put("fileSystemExists", e != null && ix.fileSystems.containsKey(e.fileSystemId()));
    m.put("transitEncryption", e == null ? "" : Facts.str(e.transitEncryption()));
    m.put("iam", e == null ? "" : Facts.str(e.iam()));
    m.put("accessPointId", e == null ? "" : Facts.str(e.accessPointId()));
    return m;
  }

  // ---------------------------------------------------------------- container

  private List<Subject> containers(List<TaskDefinition> tds) {
    List<Subject> out = new ArrayList<>();
    List<String> allowed = cfg.images().allowedRegistries();
    for (TaskDefinition td : tds) {
      List<String> tdScope = sentences(ix.tdReasons, td.arn());
      for (ContainerDefinition c : td.containers()) out.add(container(td, c, allowed, tdScope));
    }
    return out;
  }

  /** One container: its own settings ({@link #container(ContainerDefinition)}) and what its image is and where it comes from. */
  private Subject container(TaskDefinition td, ContainerDefinition c, List<String> allowed, List<String> tdScope) {
    ImageRef ref = ImageRef.parse(c.image());
    Map<String, Object> f = container(c);
    List<CollectionError> imageGaps = new ArrayList<>();
    f.put("container", Facts.str(c.name()));
    f.put("taskDefinition", td.family() + ":" + td.revision());
    f.put("taskDefinitionArn", Facts.str(td.arn()));
    f.put("family", Facts.str(td.family()));
    f.put("registry", ref.registry());
    f.put("repository", ref.repository());
    f.put("tag", ref.tag());
    f.put("digest", ref.digest());
    f.put("pinned", !ref.digest().isEmpty() || (!ref.tag().isEmpty() && !ref.tag().equals("latest")));
    f.put("registryKind", ref.kind());
    boolean ecr = ref.kind().equals("ecr");
    String ecrAccount = ecr ? ref.ecrAccount() : "";
    EcrRepository repo = ix.ecrRepository(ref);
    f.put("ecrSameAccount", ecr && ecrAccount.equals(account));
    f.put("ecrRepositoryExists", repo != null);
    RepositoryPolicy policy = repo == null ? null : repositoryPolicy(repo);
    if (policy != null) imageGaps.addAll(policy.gaps());
    f.put("ecrRepositoryPublic", policy != null && policy.exposure().toEveryone());
    String cred = Facts.str(c.repositoryCredentialsParameter());
    SecretLookup credLookup = cred.isEmpty() ? null : SecretLookup.ofRepositoryCredentials(cred, td.region());
    SecretMetadata credSecret = credLookup == null ? null : ix.secret(credLookup);
    f.put("credentialsSecret", cred);
    f.put("hasCredentials", !cred.isEmpty());
    f.put("credentialsSecretExists", credSecret != null && !credSecret.deleted());
    boolean isAllowed = allowed.isEmpty() || allowed.stream().anyMatch(a -> ref.withinRegistry(a));
    f.put("allowedRegistriesConfigured", !allowed.isEmpty());
    f.put("allowedRegistry", isAllowed);
    // Another account's ECR registry (a shared-services account's) is private ECR the team vouches
    // for only by listing it: an unlisted account could share its repository with everyone.
    boolean listed = !allowed.isEmpty() && isAllowed;
    boolean privateEcr = ecr && (ecrAccount.equals(account) ? repo != null : listed);
    f.put("private", privateEcr || (!ecr && !ref.kind().equals("ecr-public") && credSecret != null));
    // Another account's repository that could not be read is an ERROR on itself (EstateIndex.ciEcrRepositories):
    // no verdict on the container reads it, and its own settings were read.
    if (ecr && ecrAccount.equals(account)) {
      imageGaps.addAll(ix.ecrErrors(ref.ecrRegion(), ref.ecrRepositoryArn(scope.partition()), ref.repository()));
    }
    String id = td.arn() + "#" + c.name();
    List<String> scopeOf = new ArrayList<>();
    scopeOf.add("container of CI task definition " + td.family() + ":" + td.revision());
    scopeOf.addAll(tdScope);
    // Its image's repository is read in its registry's region, its registry login where its ARN says.
    Set<String> reads = regions(td.region(), ecr ? ref.ecrRegion() : td.region(), credLookup == null ? td.region() : credLookup.region());
    return subject(SubjectType.CONTAINER, id, td.family() + ":" + td.revision() + " " + c.name(), td.region(), reads, f,
        td.source(), imageGaps, scopeOf, td.arn(), id);
  }

  // ---------------------------------------------------------------- ecsService

  private List<Subject> services() {
    List<Subject> out = new ArrayList<>(ix.ciServices.size());
    for (EcsService s : ix.ciServices) {
      Map<String, Object> f = Facts.map();
      f.put("arn", Facts.str(s.arn()));
      f.put("cluster", Facts.arnName(s.clusterArn()));
      f.put("clusterArn", Facts.str(s.clusterArn()));
      f.put("launchType", Facts.str(s.launchType()));
      f.put("platformVersion", Facts.str(s.platformVersion()));
      f.put("taskDefinitionArn", Facts.str(s.taskDefinitionArn()));
      TaskDefinition td = ix.tdByArn.get(s.taskDefinitionArn());
      f.put("taskDefinition", td == null ? Facts.arnName(s.taskDefinitionArn()) : td.family() + ":" + td.revision());
      f.put("desiredCount", (long) s.desiredCount());
      f.put("assignPublicIp", s.network() == null ? "" : Facts.str(s.network().assignPublicIp()));
      f.put("subnets", s.network() == null ? List.of() : s.network().subnets());
      f.put("securityGroups", s.network() == null ? List.of() : s.network().securityGroups());
      List<String> reasons = List.of("service in CI cluster " + Facts.arnName(s.clusterArn()) + " ("
          + ix.ciClusters.getOrDefault(s.clusterArn(), "") + ")");
      out.add(subject(SubjectType.ECS_SERVICE, s.arn(), s.name(), s.region(), regions(s.region()), f, s.source(), List.of(), reasons,
          s.arn(), s.name()));
    }
    return out;
  }

  // ---------------------------------------------------------------- ecsTask

  private List<Subject> runningTasks(List<EcsTask> tasks) {
    List<Subject> out = new ArrayList<>(tasks.size());
    for (EcsTask t : tasks) {
      Map<String, Object> f = Facts.map();
      f.put("arn", Facts.str(t.arn()));
      f.put("cluster", Facts.arnName(t.clusterArn()));
      f.put("clusterArn", Facts.str(t.clusterArn()));
      f.put("taskDefinitionArn", Facts.str(t.taskDefinitionArn()));
      TaskDefinition td = ix.tdByArn.get(t.taskDefinitionArn());
      f.put("taskDefinition", td == null ? Facts.arnName(t.taskDefinitionArn()) : td.family() + ":" + td.revision());
      f.put("lastStatus", Facts.str(t.lastStatus()));
      f.put("launchType", Facts.str(t.launchType()));
      f.put("group", Facts.str(t.group()));
      f.put("startedBy", Facts.str(t.startedBy()));
      List<Map<String, Object>> enis = new ArrayList<>();
      List<String> publicIps = new ArrayList<>();
      for (var a : t.enis()) {
        NetworkInterface ni = ix.enis.get(a.networkInterfaceId());
        String ip = ni == null ? "" : Facts.str(ni.publicIp());
        Map<String, Object> em = Facts.map();
        em.put("id", Facts.str(a.networkInterfaceId()));
        em.put("subnetId", Facts.str(a.subnetId()));
        em.put("privateIp", Facts.str(a.privateIp()));
        em.put("publicIp", ip);
        em.put("securityGroups", ni == null ? List.of() : ni.securityGroupIds());
        enis.add(em);
        if (!ip.isBlank()) publicIps.add(ip);
      }
      f.put("enis", List.copyOf(enis));
      f.put("publicIps", List.copyOf(publicIps));
      List<String> reasons = List.of("running in CI cluster " + Facts.arnName(t.clusterArn()) + " ("
          + ix.ciClusters.getOrDefault(t.clusterArn(), "") + ")");
      List<String> keys = new ArrayList<>(List.of(t.arn()));
      for (var a : t.enis()) keys.add(a.networkInterfaceId());
      out.add(subject(SubjectType.ECS_TASK, t.arn(), Facts.arnName(t.arn()), t.region(), regions(t.region()), f, null, List.of(), reasons,
          keys.toArray(String[]::new)));
    }
    return out;
  }

  // ---------------------------------------------------------------- ciSubnet

  private List<Subject> subnets() {
    List<Subject> out = new ArrayList<>();
    Set<String> estateIps = new TreeSet<>();
    Map<String, SubnetEgress> egress = new LinkedHashMap<>();
    for (String id : ix.ciSubnetIds) {
      Subnet s = ix.subnets.get(id);
      if (s == null) continue;
      SubnetEgress e = egress(s);
      egress.put(id, e);
      estateIps.addAll(e.ips);
    }
    List<Object> sharedEstateIps = Facts.shared(List.copyOf(estateIps));
    for (var en : egress.entrySet()) {
      Subnet s = ix.subnets.get(en.getKey());
      SubnetEgress e = en.getValue();
      Map<String, Object> f = Facts.map();
      f.put("vpcId", Facts.str(s.vpcId()));
      f.put("cidr", Facts.str(s.cidrBlock()));
      f.put("ipv6Cidrs", s.ipv6CidrBlocks());
      f.put("mapPublicIpOnLaunch", s.mapPublicIpOnLaunch());
      f.put("referencedBy", Facts.sorted(ix.ciSubnetReferences.getOrDefault(s.id(), Set.of())));
      f.put("routeTableId", e.routeTable == null ? "" : e.routeTable.id());
      f.put("defaultRoute", e.defaultRoute);
      f.put("natGateway", e.nat);
      f.put("ipv6DefaultRoute", e.ipv6Route);
      f.put("egressIps", List.copyOf(e.ips));
      f.put("estateEgressIps", sharedEstateIps);
      f.put("expectedEgressIps", cfg.network().expectedEgressIps());
      f.put("tasksGetPublicIp", ix.publicIpSubnets.contains(s.id()));
      String name = s.tags().getOrDefault("Name", s.id());
      // estateEgressIps gathers the CI subnets of every region.
      out.add(subject(SubjectType.CI_SUBNET, s.id(), name, s.region(), Subject.EVERY_REGION, f, null, List.of(),
          sentences(ix.subnetReasons, s.id()),
          s.id()));
    }
    return out;
  }

  private record SubnetEgress(RouteTable routeTable, Map<String, Object> defaultRoute, Map<String, Object> nat,
      Map<String, Object> ipv6Route, List<String> ips) {}

  private SubnetEgress egress(Subnet s) {
    RouteTable rt = ix.routeTableFor(s);
    Route v4 = rt == null ? null : defaultRoute(rt, false);
    Route v6 = rt == null ? null : defaultRoute(rt, true);
    Map<String, Object> nat = Facts.map();
    List<String> ips = new ArrayList<>();
    NatGateway ng = v4 != null && "nat".equals(v4.targetKind()) ? ix.nats.get(v4.targetId()) : null;
    nat.put("id", ng == null ? Facts.str(v4 == null ? null : "nat".equals(v4.targetKind()) ? v4.targetId() : null) : ng.id());
    nat.put("exists", ng != null);
    nat.put("state", ng == null ? "" : Facts.str(ng.state()));
    nat.put("connectivityType", ng == null ? "" : Facts.str(ng.connectivityType()));
    nat.put("subnetId", ng == null ? "" : Facts.str(ng.subnetId()));
    boolean natPublic = false;
    if (ng != null) {
      Subnet natSubnet = ix.subnets.get(ng.subnetId());
      RouteTable nrt = natSubnet == null ? null : ix.routeTableFor(natSubnet);
      Route nr = nrt == null ? null : defaultRoute(nrt, false);
      natPublic = nr != null && "igw".equals(nr.targetKind()) && !"blackhole".equals(nr.state());
      for (var a : ng.addresses()) {
        if (a.publicIp() != null && !a.publicIp().isBlank()) ips.add(a.publicIp());
      }
    }
    nat.put("subnetRoutesToIgw", natPublic);
    nat.put("publicIps", List.copyOf(ips));
    nat.put("hasElasticIp", !ips.isEmpty());
    return new SubnetEgress(rt, routeMap(v4), nat, routeMap(v6), ips);
  }

  private static Route defaultRoute(RouteTable rt, boolean v6) {
    for (Route r : rt.routes()) {
      if (!v6 && "0.0.0.0/0".equals(r.destinationCidr())) return r;
      if (v6 && "::/0".equals(r.destinationIpv6Cidr())) return r;
    }
    return null;
  }

  private static Map<String, Object> routeMap(Route r) {
    Map<String, Object> m = Facts.map();
    m.put("kind", r == null ? "" : Facts.str(r.targetKind()));
    m.put("targetId", r == null ? "" : Facts.str(r.targetId()));
    m.put("state", r == null ? "" : Facts.str(r.state()));
    return m;
  }

  // ---------------------------------------------------------------- securityGroup

  private List<Subject> securityGroups() {
    List<Subject> out = new ArrayList<>();
    for (String id : ix.ciSecurityGroupIds()) {
      SecurityGroup sg = ix.securityGroups.get(id);
      if (sg == null) continue;
      boolean task = ix.taskSgIds.contains(id);
      boolean efs = ix.efsSgIds.contains(id);
      Map<String, Object> f = Facts.map();
      f.put("groupName", Facts.str(sg.name()));
      f.put("vpcId", Facts.str(sg.vpcId()));
      f.put("isTaskSg", task);
      f.put("isEfsSg", efs);
      List<Map<String, Object>> inbound = new ArrayList<>();
      List<Map<String, Object>> unexpectedSsh = new ArrayList<>();
      for (SecurityGroupRule r : sg.inbound()) {
        Map<String, Object> rule = inboundRule(r);
        inbound.add(rule);
        if (opensSsh(rule) && !(Boolean) rule.get("sshExpected")) unexpectedSsh.add(rule);
      }
      f.put("inbound", List.copyOf(inbound));
      f.put("unexpectedSsh", List.copyOf(unexpectedSsh));
      f.put("sshSources", sshSources);
      f.put("nfsSources", nfsSources);
      // sshSources and nfsSources gather the runner's groups and every region's CI groups and subnets.
      out.add(subject(SubjectType.SECURITY_GROUP, sg.id(), Facts.str(sg.name()), sg.region(), Subject.EVERY_REGION, f, null, List.of(),
          sentences(ix.sgReasons, sg.id()), sg.id()));
    }
    return out;
  }

  /** An inbound rule (as {@link #inboundRule} writes it) that lets port 22 in: all traffic, or a port range of any protocol that includes 22. */
  private static boolean opensSsh(Map<String, Object> rule) {
    return rule.get("protocol").equals("-1") || (Long) rule.get("fromPort") <= 22 && 22 <= (Long) rule.get("toPort");
  }

  private Map<String, Object> inboundRule(SecurityGroupRule r) {
    Map<String, Object> m = Facts.map();
    String proto = Facts.lower(r.protocol());
    boolean all = proto.equals("-1") || proto.equals("all");
    long from = all || r.fromPort() == null ? 0 : r.fromPort();
    long to = all || r.toPort() == null ? 65535 : r.toPort();
    if (from == -1) from = 0;
    if (to == -1) to = 65535;
    m.put("protocol", all ? "-1" : proto);
    m.put("fromPort", from);
    m.put("toPort", to);
    m.put("sourceKind", Facts.str(r.sourceKind()));
    m.put("source", Facts.str(r.source()));
    m.put("description", Facts.str(r.description()));
    m.put("ruleId", Facts.str(r.ruleId()));
    String ports = all ? "all traffic" : proto + "/" + from + (from == to ? "" : "-" + to);
    m.put("label", ports + " from " + Facts.str(r.source()) + (r.ruleId() == null || r.ruleId().isBlank() ? "" : " (" + r.ruleId() + ")"));
    m.put("world", Cidrs.isAnywhere(r.source()));
    m.put("sshExpected", EstateIndex.expectedSource(r, ix.sshSources));
    m.put("nfsExpected", EstateIndex.expectedSource(r, ix.nfsSources));
    return m;
  }

  // ---------------------------------------------------------------- role

  private List<Subject> roles(List<Map.Entry<String, Set<String>>> ciRoles, NavigableSet<String> allRoleArns) {
    List<Subject> out = new ArrayList<>();
    for (var e : ciRoles) {
      IamRole role = ix.roles.get(e.getKey());
      if (role == null) continue;
      List<CollectionError> gaps = new ArrayList<>();
      Map<String, Object> f = RoleFacts.fields(role, new TreeSet<>(e.getValue()), ix.ciTaskRoleArns, allRoleArns,
          ix.configuredFamilies, scope, gaps);
      out.add(subject(SubjectType.ROLE, role.arn(), role.name(), null, Subject.EVERY_REGION, f, role.source(), gaps,
          sentences(ix.roleReasons, role.arn()), role.arn(), role.name()));
    }
    return out;
  }

  // ---------------------------------------------------------------- fileSystem

  private List<Subject> fileSystems() {
    List<Subject> out = new ArrayList<>();
    for (String id : ix.ciFileSystemIds) {
      EfsFileSystem fs = ix.fileSystems.get(id);
      if (fs == null) continue;
      Map<String, Object> f = Facts.map();
      f.put("arn", Facts.str(fs.arn()));
      f.put("encrypted", fs.encrypted());
      f.put("kmsKeyId", Facts.str(fs.kmsKeyId()));
      f.put("lifeCycleState", Facts.str(fs.lifeCycleState()));
      List<CollectionError> gaps = new ArrayList<>();
      PolicyDocs.exposure(fs.policy(), fs.arn(), scope, "efs", "DescribeFileSystemPolicy", fs.id(), gaps).putInto(f);
      List<Map<String, Object>> mts = new ArrayList<>();
      List<String> outside = new ArrayList<>();
      for (EfsMountTarget mt : ix.mountTargetsByFs.getOrDefault(id, List.of())) {
        boolean inCi = ix.ciSubnetIds.contains(mt.subnetId());
        List<String> others = inCi ? List.of() : ix.otherWorkloads(mt.subnetId());
        Map<String, Object> mm = Facts.map();
        mm.put("id", Facts.str(mt.id()));
        mm.put("subnetId", Facts.str(mt.subnetId()));
        mm.put("inCiSubnet", inCi);
        mm.put("otherWorkloads", List.copyOf(others));
        mm.put("securityGroups", mt.securityGroupIds());
        mts.add(mm);
        // A subnet no CI task used during the scan is still CI-only when nothing else lives in it.
        if (!inCi && !others.isEmpty()) outside.add(mt.id() + " in " + mt.subnetId() + " (shared with " + String.join(", ", others) + ")");
      }
      f.put("mountTargets", List.copyOf(mts));
      f.put("mountTargetsOutsideCi", List.copyOf(outside));
      f.put("usedBy", Facts.sorted(ix.fsUsedBy.getOrDefault(id, Set.of())));
      String name = fs.name() == null ? fs.id() : fs.name();
      List<String> reasons = List.of("mounted by CI task definition " + named(ix.fsUsedBy.getOrDefault(id, Set.of())));
      // Its mount targets, their subnets and the task definitions mounting it are all of its region.
      out.add(subject(SubjectType.FILE_SYSTEM, fs.arn() == null ? fs.id() : fs.arn(), name, fs.region(), regions(fs.region()), f, null,
          gaps, reasons, fs.id(), fs.arn()));
    }
    return out;
  }

  // ---------------------------------------------------------------- secret

  /**
   * One subject per secret or parameter CI containers reference, by what the reference resolves to
   * (its ARN), else by the reference as written (the lookup: a Secrets Manager ARN without its
   * JSON-key and version suffix, a partial ARN or name; a parameter's ARN or name), one per region.
   */
  private List<Subject> secrets() {
    List<Subject> out = new ArrayList<>();
    for (EstateIndex.SecretUses uses : ix.ciSecretsInOrder().values()) {
      SecretLookup lookup = uses.lookup;
      Map<String, Object> f = Facts.map();
      f.put("store", lookup.store());
      f.put("reference", lookup.lookup());
      f.put("references", List.copyOf(uses.references));
      List<CollectionError> gaps = new ArrayList<>();
      String id = uses.id;
      String name;
      String region;
      if (lookup.parameterStore()) {
        SsmParameter p = ix.parameter(lookup);
        f.put("exists", p != null);
        f.put("scheduledForDeletion", false);
        f.put("parameterType", p == null ? "" : Facts.str(p.type()));
        f.put("kmsKeyId", p == null ? "" : Facts.str(p.keyId()));
        f.put("customerManagedKey", p != null && p.keyId() != null && !p.keyId().isBlank() && !p.keyId().contains("alias/aws/"));
        PolicyDocs.Exposure.NONE.putInto(f);
        name = p == null ? parameterName(lookup) : p.name();
        region = p == null ? lookup.region() : p.region();
      } else {
        SecretMetadata s = ix.secret(lookup);
        f.put("exists", s != null && !s.deleted());
        f.put("scheduledForDeletion", s != null && s.deleted());
        f.put("parameterType", "");
        f.put("kmsKeyId", s == null ? "" : Facts.str(s.kmsKeyId()));
        f.put("customerManagedKey", s != null && s.kmsKeyId() != null && !s.kmsKeyId().contains("alias/aws/"));
        (s == null ? PolicyDocs.Exposure.NONE
            : PolicyDocs.exposure(s.resourcePolicy(), s.arn(), scope, "secretsmanager", "GetResourcePolicy", s.name(), gaps)).putInto(f);
        name = s == null ? Facts.arnName(lookup.lookup()) : s.name();
        region = s == null ? lookup.region() : s.region();
      }
      f.put("usedBy", List.copyOf(uses.usedBy));
      String type = lookup.parameterStore() ? SubjectType.SSM_PARAMETER : SubjectType.SECRET.resourceType();
      for (String k : new String[] {id, name, lookup.lookup()}) gaps.addAll(ix.errorsIn(region, k));
      out.add(subject(SubjectType.SECRET, type, id, name, region, regions(region, uses.userRegions), f, null, gaps,
          uses.reasons.sentences()));
    }
    return out;
  }

  /** The name a Parameter Store reference that was not found gives: its name, or what its ARN names. */
  private static String parameterName(SecretLookup lookup) {
    List<String> names = lookup.parameterNames();
    return names.isEmpty() ? lookup.lookup() : names.get(names.size() - 1);
  }

  /** A few names of a set, and how many more: "gitlab-ci-build:3, gitlab-ci-deploy:1 and 4 more". */
  private static String named(Set<String> names) {
    Reasons r = new Reasons();
    for (String n : names) r.add("", n);
    List<String> s = r.sentences();
    return s.isEmpty() ? "" : s.get(0).strip();
  }

  // ---------------------------------------------------------------- ecrRepository

  private List<Subject> ecrRepositories() {
    List<Subject> out = new ArrayList<>(ix.ciEcrRepositories.size());
    for (var e : ix.ciEcrRepositories.entrySet()) {
      EcrRepository r = e.getValue();
      Map<String, Object> f = Facts.map();
      f.put("arn", Facts.str(r.arn()));
      f.put("uri", Facts.str(r.uri()));
      RepositoryPolicy policy = repositoryPolicy(r);
      List<CollectionError> gaps = new ArrayList<>(policy.gaps());
      policy.exposure().putInto(f);
      f.put("scanOnPush", r.scanOnPush());
      f.put("imageTagMutability", Facts.str(r.imageTagMutability()));
      f.put("encryptionType", Facts.str(r.encryptionType()));
      gaps.addAll(ix.ecrErrors(r.region(), r.arn(), r.name()));
      Set<String> reads = regions(r.region(), ix.repositoryUserRegions.getOrDefault(e.getKey(), Set.of()));
      out.add(subject(SubjectType.ECR_REPOSITORY, r.arn(), r.name(), r.region(), reads, f, null, gaps,
          sentences(ix.repositoryReasons, e.getKey()), r.arn()));
    }
    return out;
  }

  /** A repository policy's {@link PolicyDocs#exposure exposure}, and the gap it adds when it cannot be read. */
  private record RepositoryPolicy(PolicyDocs.Exposure exposure, List<CollectionError> gaps) {}

  private RepositoryPolicy repositoryPolicy(EcrRepository r) {
    return repositoryPolicies.computeIfAbsent(EstateIndex.ecrKey(r), key -> {
      List<CollectionError> gaps = new ArrayList<>();
      PolicyDocs.Exposure exposure = PolicyDocs.exposure(r.policy(), r.arn(), scope, "ecr", "GetRepositoryPolicy", r.name(), gaps);
      return new RepositoryPolicy(exposure, List.copyOf(gaps));
    });
  }

  // ---------------------------------------------------------------- runnerConfig

  private List<Subject> runnerConfig() {
    RunnerConfig rc = inv.runnerConfig();
    if (rc == null) return List.of();
    Map<String, Object> f = Facts.map();
    f.put("cluster", Facts.str(rc.cluster()));
    f.put("clusterExists", rc.cluster() != null && ix.cluster(rc.cluster()) != null);
    f.put("clusterAudited", cfg.ci().clusters().isEmpty() || (rc.cluster() != null
        && cfg.ci().clusters().stream().anyMatch(c -> c.equals(rc.cluster()) || Facts.arnName(rc.cluster()).equals(c))));
    f.put("subnet", Facts.str(rc.subnet()));
    f.put("subnetExists", rc.subnet() != null && ix.subnets.containsKey(rc.subnet()));
    f.put("securityGroup", Facts.str(rc.securityGroup()));
    f.put("securityGroupExists", rc.securityGroup() != null && ix.securityGroups.containsKey(rc.securityGroup()));
    f.put("taskDefinition", Facts.str(rc.taskDefinition()));
    f.put("taskDefinitionExists", ix.runnerTd != null);
    f.put("enablePublicIp", Facts.bool(rc.enablePublicIp()));
    f.put("usePublicIp", Facts.bool(rc.usePublicIp()));
    f.put("platformVersion", Facts.str(rc.platformVersion()));
    f.put("sshPort", Facts.num(rc.sshPort(), 22));
    f.put("sshUsername", Facts.str(rc.sshUsername()));
    f.put("usesEfs", ix.ciTaskDefinitions.stream().anyMatch(td -> td.volumes().stream().anyMatch(v -> v.efs() != null)));
    String id = rc.source() != null && rc.source().file() != null ? rc.source().file() : "fargate.toml";
    List<String> reasons = List.of(rc.source() != null && "planned".equals(rc.source().kind())
        ? "the planned runner config" : "the runner's driver config (ci.runnerConfig)");
    // usesEfs reads the CI task definitions of every region.
    return List.of(subject(SubjectType.RUNNER_CONFIG, id, "fargate.toml", rc.region(), Subject.EVERY_REGION, f, rc.source(),
        List.of(), reasons));
  }

  /** Policy-document facts shared by resource policies. */
  static final class PolicyDocs {
    private PolicyDocs() {}

    /**
     * What a resource policy grants to everyone, as facts: {@code policyPublic} when an Allow
     * statement grants to everyone (principal {@code *}, or {@code NotPrincipal}: everyone but the
     * principals listed), its conditions do not keep the grant within an account, organisation or
     * network ({@link ConditionProbes#limitsWhoAndWhere}), and no Deny statement of the policy
     * certainly refuses every action it grants, on {@code arn}, to each outsider
     * ({@link #refusedToAll}). {@code policyServiceDeputies} names each Allow to an AWS service
     * principal whose conditions do not keep the resource the service acts for this account's
     * ({@link ConditionProbes#keepsServiceToOwnResources}) and that no Deny refuses to that service
     * acting for another account: the confused deputy. {@code policyDeniedGrants} names each grant
     * a Deny refused, {@code policyConditionsAnyoneMeets} each such grant whose conditions would
     * have limited it but for names any account can choose. A policy that cannot be read is not
     * "no grant": it adds a gap, so the subject's rules are ERROR (fail closed).
     */
    static Exposure exposure(JsonNode policy, String arn, AccountScope scope, String service, String operation,
        String resource, List<CollectionError> gaps) {
      if (policy == null || policy.isNull() || policy.isMissingNode()) return Exposure.NONE;
      boolean everyone = false;
      List<String> deputies = new ArrayList<>();
      List<String> denied = new ArrayList<>();
      List<String> anyoneMeets = new ArrayList<>();
      try {
        List<PolicyStatement> statements = PolicyStatement.parse("resource policy", false, policy);
        Denies denies = Denies.of(statements);
        for (PolicyStatement s : statements) {
          if (!s.allow()) continue;
          if (s.principalStar() || !s.notPrincipals().isEmpty()) {
            if (ConditionProbes.limitsWhoAndWhere(s.conditions(), scope)) continue;
            ConditionProbes.Requesters outsiders = ConditionProbes.outsiders(scope);
            PolicyStatement by = refusedToAll(s, denies, arn, outsiders, PolicyDocs::deniesOutsider);
            if (by == null) {
              everyone = true;
              namesAnyoneMeets(s, outsiders, anyoneMeets);
            } else {
              denied.add(s.location() + " refused by " + by.location());
            }
            continue;
          }
          // A grant to everyone covers every service too, so only a statement naming services is asked this.
          for (String named : s.principals().getOrDefault("Service", List.of())) {
            if (ConditionProbes.keepsServiceToOwnResources(s.conditions(), named, scope)) continue;
            ConditionProbes.Requesters deputy = ConditionProbes.serviceDeputies(named, scope);
            PolicyStatement by = refusedToAll(s, denies, arn, deputy, (d, request) -> deniesService(d, named));
            if (by == null) {
              deputies.add(s.location() + ": " + named);
              namesAnyoneMeets(s, deputy, anyoneMeets);
            } else {
              denied.add(s.location() + ": " + named + " refused by " + by.location());
            }
          }
        }
      } catch (IllegalArgumentException e) {
        gaps.add(new CollectionError(service, operation, null, "MalformedPolicyDocument", e.getMessage(), resource));
        return Exposure.NONE;
      }
      return new Exposure(everyone, List.copyOf(deputies), List.copyOf(denied), List.copyOf(anyoneMeets));
    }

    private static void namesAnyoneMeets(PolicyStatement s, ConditionProbes.Requesters who, List<String> into) {
      for (String name : ConditionProbes.chosenNamesLetIn(s.conditions(), who)) into.add(s.location() + ": " + name);
    }

    /** A resource policy's grants to everyone and to services for any account: the facts {@link #exposure} describes. */
    record Exposure(boolean toEveryone, List<String> serviceDeputies, List<String> deniedGrants, List<String> conditionsAnyoneMeets) {
      static final Exposure NONE = new Exposure(false, List.of(), List.of(), List.of());

      void putInto(Map<String, Object> f) {
        f.put("policyPublic", toEveryone);
        f.put("policyServiceDeputies", serviceDeputies);
        f.put("policyDeniedGrants", deniedGrants);
        f.put("policyConditionsAnyoneMeets", conditionsAnyoneMeets);
      }
    }

    /**
     * A Deny of the policy that, with the others, refuses the Allow to each of {@code who}, or
     * null: for each request and each action pattern the Allow names (or its {@code NotAction}), a
     * Deny whose principal covers the requester ({@code principalCovers}), that reaches the
     * resource, covers the actions and whose conditions certainly hold for that request.
     */
    private static PolicyStatement refusedToAll(PolicyStatement allow, Denies denies, String arn, ConditionProbes.Requesters who,
        BiPredicate<PolicyStatement, RequestContext> principalCovers) {
      if (denies.isEmpty() || allow.actions().isEmpty() && allow.notActions().isEmpty()) return null;
      PolicyStatement first = null;
      for (var request : who.requests()) {
        ConditionProbes.Requesters one = who.only(request);
        List<PolicyStatement> applying = new ArrayList<>();
        for (PolicyStatement d : denies.statements()) {
          if (principalCovers.test(d, request) && Denies.reaches(d, arn) && ConditionProbes.certainlyApplies(d.conditions(), one)) applying.add(d);
        }
        List<PolicyStatement> covering = new ArrayList<>();
        if (!allow.notActions().isEmpty()) covering.add(applying.stream().filter(d -> Denies.coversNotAction(d, allow.notActions())).findFirst().orElse(null));
        for (String a : allow.actions()) covering.add(applying.stream().filter(d -> Denies.coversAction(d, a)).findFirst().orElse(null));
        if (covering.contains(null)) return null;
        if (first == null) first = covering.get(0);
      }
      return first;
    }

    /**
     * A Deny's principal covers the AWS service principal {@code service}: everyone (as
     * {@link #deniesEveryone}) unless a {@code NotPrincipal} leaves that service out, or a
     * {@code Principal} naming it.
     */
    private static boolean deniesService(PolicyStatement d, String service) {
      if (!d.notPrincipals().isEmpty()) return deniesEveryone(d) && !d.notPrincipals().getOrDefault("Service", List.of()).contains(service);
      return d.principalStar() || d.principals().getOrDefault("Service", List.of()).contains(service);
    }

    /**
     * A Deny's principal covers an outsider's request: everyone ({@link #deniesEveryone}), except
     * that an outsider acting through an AWS service picks the service, so a {@code NotPrincipal}
     * naming any service leaves it out.
     */
    private static boolean deniesOutsider(PolicyStatement d, RequestContext request) {
      return deniesEveryone(d) && !(ConditionProbes.byAwsService(request) && d.notPrincipals().containsKey("Service"));
    }

    /** A Deny's principal is everyone: {@code *}, or a {@code NotPrincipal} that leaves out only named principals. */
    private static boolean deniesEveryone(PolicyStatement d) {
      if (d.principalStar()) return true;
      if (d.notPrincipals().isEmpty()) return false;
      for (List<String> v : d.notPrincipals().values()) {
        if (v.contains("*")) return false;
      }
      return true;
    }
  }

  static <K, V> void add(Map<K, Set<V>> m, K k, V v) {
    m.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(v);
  }

  static <K, V> void addList(Map<K, List<V>> m, K k, V v) {
    m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
  }

  /** The items by key, first one kept, in a map sized for them; items whose key is null are left out. */
  public static <K, V> Map<K, V> index(java.util.Collection<V> items, java.util.function.Function<V, K> key) {
    Map<K, V> m = new HashMap<>(Math.max(16, (int) (items.size() / 0.75f) + 1));
    for (V v : items) {
      K k = key.apply(v);
      if (k != null) m.putIfAbsent(k, v);
    }
    return m;
  }
}
