package dev.fargateciaudit.collect;

import dev.fargateciaudit.inventory.ContainerDefinition;
import dev.fargateciaudit.inventory.EcsCluster;
import dev.fargateciaudit.inventory.EcsService;
import dev.fargateciaudit.inventory.EcsTask;
import dev.fargateciaudit.inventory.EfsVolumeConfiguration;
import dev.fargateciaudit.inventory.EnvironmentVariable;
import dev.fargateciaudit.inventory.MountPoint;
import dev.fargateciaudit.inventory.PortMapping;
import dev.fargateciaudit.inventory.RunnerConfig;
import dev.fargateciaudit.inventory.SecretClassifier;
import dev.fargateciaudit.inventory.SecretReference;
import dev.fargateciaudit.inventory.TaskDefinition;
import dev.fargateciaudit.inventory.TaskVolume;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import dev.fargateciaudit.derive.RunnerScope;
import dev.fargateciaudit.derive.iam.AccountScope;
import dev.fargateciaudit.inventory.Ec2Instance;
import dev.fargateciaudit.inventory.IamInstanceProfile;
import dev.fargateciaudit.inventory.IamRole;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionFamilyStatus;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/**
 * ECS task definitions: those the CI clusters' services and running tasks use ({@link
 * EcsClusterCollector} read them), the runner config names, the configured families hold (latest
 * ACTIVE revision, or every ACTIVE one with {@code --all-revisions}), and every ACTIVE revision the
 * runner role may start in a CI cluster ({@link RunnerScope}), run or not.
 */
public final class EcsCollector implements Collector {
  static final String S = "ecs";

  @Override
  public String service() {
    return S;
  }

  @Override
  public Set<String> iamActions() {
    return Set.of("ecs:ListTaskDefinitionFamilies", "ecs:ListTaskDefinitions", "ecs:DescribeTaskDefinition");
  }

  @Override
  public List<String> dependsOn() {
    return List.of(EcsClusterCollector.NAME, RunnerCollector.NAME, StsCollector.NAME);
  }

  @Override
  public void collect(Scan scan) {
    scan.forEachRegion(region -> collectRegion(scan, region));
  }

  private void collectRegion(Scan scan, String region) {
    EcsClient ecs = scan.clients().ecs(region);
    RunnerConfig runner = scan.runner();
    boolean runnerHere = EcsClusterCollector.runnerHere(scan, region);
    Set<String> taskDefinitionRefs = new LinkedHashSet<>();
    List<String> clusters = scan.read(b -> {
      for (EcsService s : b.list(EcsService.class)) {
        if (s.region().equals(region) && s.taskDefinitionArn() != null) taskDefinitionRefs.add(s.taskDefinitionArn());
      }
      for (EcsTask t : b.list(EcsTask.class)) {
        if (t.region().equals(region) && t.taskDefinitionArn() != null) taskDefinitionRefs.add(t.taskDefinitionArn());
      }
      return EcsClusterCollector.ciClusters(scan, region, b.list(EcsCluster.class)).stream().map(EcsCluster::arn).toList();
    });
    if (runnerHere && runner.taskDefinition() != null) taskDefinitionRefs.add(runner.taskDefinition());
    RunnerScope mayStart = runnerScope(scan, clusters,
        scan.config().ci().clusters().isEmpty() && (runner == null || runner.cluster() == null));
    Set<String> families = new LinkedHashSet<>();
    Set<String> revisions = new LinkedHashSet<>();
    List<String> startable = new ArrayList<>();
    scan.together(List.of(
        () -> startable.addAll(taskDefinitionsTheRunnerMayStart(scan, ecs, region, mayStart)),
        () -> configuredFamilies(scan, ecs, region, families, revisions)));
    taskDefinitionRefs.addAll(startable);
    for (String ref : taskDefinitionRefs) {
      String key = Arns.taskDefinitionKey(ref);
      if (key.contains(":")) revisions.add(key); else families.add(key);
    }
    describeTaskDefinitions(scan, ecs, region, families, revisions);
  }

  /** What the runner role the runner collector read may start in {@code ciClusters} (or any cluster). */
  private static RunnerScope runnerScope(Scan scan, List<String> ciClusters, boolean anyCluster) {
    return scan.read(b -> {
      Map<String, IamInstanceProfile> profiles = new HashMap<>();
      for (IamInstanceProfile p : b.list(IamInstanceProfile.class)) profiles.put(p.arn(), p);
      String configured = scan.config().ci().runnerRole();
      String arn = RunnerScope.roleArn(configured, RunnerScope.instances(configured, b.list(Ec2Instance.class), profiles), profiles);
      if (arn == null) return RunnerScope.NONE;
      IamRole role = b.list(IamRole.class).stream()
          .filter(r -> arn.equals(r.arn()) || Arns.lastName(arn).equals(r.name())).findFirst().orElse(null);
      return RunnerScope.of(role, ciClusters, anyCluster, new AccountScope(null, scan.accountId(), scan.regions()));
    });
  }

  /**
   * The ACTIVE revisions ({@code family:revision}) of this region the runner may start: named one by
   * one when every pattern is an ARN with a revision, else found in one listing of the region's
   * ACTIVE revisions (ListTaskDefinitions, 100 a page). A runner role whose policy could not be read
   * adds nothing here: its rules are ERROR, and derive counts every collected revision as startable.
   */
  private static List<String> taskDefinitionsTheRunnerMayStart(Scan scan, EcsClient ecs, String region, RunnerScope mayStart) {
    List<String> patterns = mayStart.patterns();
    if (patterns.isEmpty()) return List.of();
    List<String> out = new ArrayList<>();
    if (patterns.stream().allMatch(EcsCollector::namesOneRevision)) {
      for (String p : patterns) {
        if (region.equals(Arns.region(p)) && p.split(":")[4].equals(scan.accountId())) out.add(Arns.taskDefinitionKey(p));
      }
      return out;
    }
    scan.pages(S, "ListTaskDefinitions", region, null,
        () -> ecs.listTaskDefinitionsPaginator(r -> r.status(TaskDefinitionStatus.ACTIVE).maxResults(100)),
        p -> p.taskDefinitionArns().stream().filter(mayStart::mayStart).map(Arns::taskDefinitionKey).forEach(out::add));
    return out;
  }

  /** True for a task-definition ARN with a revision and no wildcard: it names one revision. */
  private static boolean namesOneRevision(String pattern) {
    return pattern.startsWith("arn:") && pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0
        && pattern.contains(":task-definition/") && RunnerScope.withoutRevision(pattern).length() < pattern.length();
  }

  /**
   * The families matching {@code ci.taskDefinitionFamilies} (ListTaskDefinitionFamilies), into
   * {@code families} (their latest ACTIVE revision), or with {@code --all-revisions} their ACTIVE
   * revisions into {@code revisions} (a ListTaskDefinitions per family).
   */
  private static void configuredFamilies(Scan scan, EcsClient ecs, String region, Set<String> families,
      Set<String> revisions) {
    List<String> globs = scan.config().ci().taskDefinitionFamilies();
    if (globs.isEmpty()) return;
    List<PathMatcher> matchers = globs.stream()
        .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
    List<String> matched = new ArrayList<>();
    scan.pages(S, "ListTaskDefinitionFamilies", region, null,
        () -> ecs.listTaskDefinitionFamiliesPaginator(r -> r.status(TaskDefinitionFamilyStatus.ACTIVE).maxResults(100)),
        p -> p.families().stream().filter(f -> matchers.stream().anyMatch(m -> m.matches(Path.of(f)))).forEach(matched::add));
    if (!scan.options().allRevisions()) {
      families.addAll(matched);
      return;
    }
    scan.forEach(S, region, matched, family -> {
      List<String> found = new ArrayList<>();
      scan.pages(S, "ListTaskDefinitions", region, family,
          () -> ecs.listTaskDefinitionsPaginator(r -> r.familyPrefix(family).status(TaskDefinitionStatus.ACTIVE).maxResults(100)),
          p -> p.taskDefinitionArns().stream().map(Arns::taskDefinitionKey)
              .filter(k -> k.substring(0, k.lastIndexOf(':')).equals(family)).forEach(found::add));
      synchronized (revisions) {
        revisions.addAll(found);
      }
    });
  }

  /**
   * Describes each task definition once: bare family names (latest ACTIVE revision) first, so a
   * reference by {@code family:revision} or ARN to the same revision is then recognised as known.
   */
  private void describeTaskDefinitions(Scan scan, EcsClient ecs, String region, Set<String> families,
      Set<String> revisions) {
    Set<String> described = ConcurrentHashMap.newKeySet();
    scan.forEach(S, region, families, family -> describe(scan, ecs, region, family, described));
    List<String> rest = revisions.stream().filter(k -> !described.contains(k)).toList();
    scan.forEach(S, region, rest, key -> describe(scan, ecs, region, key, described));
  }

  private void describe(Scan scan, EcsClient ecs, String region, String ref, Set<String> described) {
    scan.call(S, "DescribeTaskDefinition", region, ref, () -> ecs.describeTaskDefinition(r -> r.taskDefinition(ref)))
        .ifPresent(r -> {
          var td = r.taskDefinition();
          if (described.add(td.family() + ":" + td.revision())) {
            TaskDefinition record = taskDefinition(td, region);
            scan.write(b -> b.add(record));
            scan.roleReader().start(IamCollector.roleNames(List.of(record)));
          }
        });
  }

  /** Plaintext environment values are classified here and dropped: they never leave this method. */
  static TaskDefinition taskDefinition(software.amazon.awssdk.services.ecs.model.TaskDefinition td, String region) {
    List<ContainerDefinition> containers = td.containerDefinitions().stream().map(c -> new ContainerDefinition(
        c.name(), c.image(),
        c.repositoryCredentials() == null ? null : c.repositoryCredentials().credentialsParameter(),
        c.portMappings().stream().map(p -> new PortMapping(p.containerPort(), p.hostPort(),
            p.protocol() == null ? null : p.protocolAsString())).toList(),
        c.environment().stream().map(e -> new EnvironmentVariable(e.name(),
            SecretClassifier.classify(e.name(), e.value()))).toList(),
        c.secrets().stream().map(s -> new SecretReference(s.name(), s.valueFrom())).toList(),
        c.mountPoints().stream().map(m -> new MountPoint(m.sourceVolume(), m.containerPath(), m.readOnly())).toList(),
        c.privileged(), c.readonlyRootFilesystem(), c.essential(),
        c.logConfiguration() == null ? null : c.logConfiguration().logDriverAsString(),
        c.user())).toList();
    List<TaskVolume> volumes = td.volumes().stream().map(v -> {
      var e = v.efsVolumeConfiguration();
      EfsVolumeConfiguration efs = e == null ? null : new EfsVolumeConfiguration(e.fileSystemId(), e.rootDirectory(),
          e.transitEncryption() == null ? null : e.transitEncryptionAsString(), e.transitEncryptionPort(),
          e.authorizationConfig() == null ? null : e.authorizationConfig().accessPointId(),
          e.authorizationConfig() == null || e.authorizationConfig().iam() == null
              ? null : e.authorizationConfig().iamAsString());
      return new TaskVolume(v.name(), efs);
    }).toList();
    return new TaskDefinition(td.taskDefinitionArn(), td.family(), td.revision() == null ? 0 : td.revision(), region,
        td.status() == null ? null : td.statusAsString(), td.networkMode() == null ? null : td.networkModeAsString(),
        td.requiresCompatibilitiesAsStrings(), td.cpu(), td.memory(), td.executionRoleArn(), td.taskRoleArn(),
        containers, volumes, null);
  }
}
