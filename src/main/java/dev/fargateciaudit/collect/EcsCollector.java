package dev.fargateciaudit.collect;

import dev.fargateciaudit.inventory.AwsVpcConfiguration;
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
import dev.fargateciaudit.inventory.TaskEniAttachment;
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
import software.amazon.awssdk.services.ecs.model.Attachment;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionFamilyStatus;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/**
 * ECS: the CI clusters (configured, else the runner config's, else all), their services and
 * running tasks, and the task definitions those use, the runner config names, the configured
 * families hold (latest ACTIVE revision, or every ACTIVE one with {@code --all-revisions}), and
 * every ACTIVE revision the runner role may start in a CI cluster ({@link RunnerScope}), run or not.
 */
public final class EcsCollector implements Collector {
  static final String S = "ecs";

  @Override
  public String service() {
    return S;
  }

  @Override
  public Set<String> iamActions() {
    return Set.of("ecs:ListClusters", "ecs:DescribeClusters", "ecs:ListServices", "ecs:DescribeServices",
        "ecs:ListTasks", "ecs:DescribeTasks", "ecs:ListTaskDefinitionFamilies", "ecs:ListTaskDefinitions",
        "ecs:DescribeTaskDefinition");
  }

  @Override
  public List<String> dependsOn() {
    return List.of(RunnerCollector.NAME);
  }

  @Override
  public void collect(Scan scan) {
    scan.forEachRegion(region -> collectRegion(scan, region));
  }

  private void collectRegion(Scan scan, String region) {
    EcsClient ecs = scan.clients().ecs(region);
    RunnerConfig runner = scan.runner();
    boolean runnerHere = runner != null && (runner.region() == null || runner.region().equals(region));

    List<String> configured = scan.config().ci().clusters();
    List<String> ciRefs = new ArrayList<>(configured);
    if (ciRefs.isEmpty() && runnerHere && runner.cluster() != null) ciRefs.add(runner.cluster());
    if (ciRefs.isEmpty()) {
      scan.pages(S, "ListClusters", region, null,
          () -> ecs.listClustersPaginator(r -> r.maxResults(100)), p -> ciRefs.addAll(p.clusterArns()));
    }
    // The runner config's cluster is described even when ci.clusters leaves it out, so that a
    // report can tell "not audited" from "does not exist"; only the CI clusters' workloads are read.
    Set<String> describe = new LinkedHashSet<>(ciRefs);
    if (runnerHere && runner.cluster() != null) describe.add(runner.cluster());
    List<Cluster> described = new ArrayList<>();
    for (List<String> batch : Batches.of(describe, 100)) {
      scan.call(S, "DescribeClusters", region, null, () -> ecs.describeClusters(r -> r.clusters(batch)))
          .ifPresent(r -> described.addAll(r.clusters()));
    }
    scan.write(b -> described.forEach(c ->
        b.add(new EcsCluster(c.clusterArn(), c.clusterName(), region, c.status()))));
    List<Cluster> clusters = described.stream()
        .filter(c -> ciRefs.contains(c.clusterArn()) || ciRefs.contains(c.clusterName())).toList();

    Set<String> taskDefinitionRefs = ConcurrentHashMap.newKeySet();
    scan.forEach(clusters, c -> {
      collectServices(scan, ecs, region, c.clusterArn(), taskDefinitionRefs);
      collectTasks(scan, ecs, region, c.clusterArn(), taskDefinitionRefs);
    });
    if (runnerHere && runner.taskDefinition() != null) taskDefinitionRefs.add(runner.taskDefinition());
    RunnerScope mayStart = runnerScope(scan, clusters.stream().map(Cluster::clusterArn).toList(),
        scan.config().ci().clusters().isEmpty() && (runner == null || runner.cluster() == null));
    taskDefinitionRefs.addAll(taskDefinitionsTheRunnerMayStart(scan, ecs, region, mayStart));
    collectTaskDefinitions(scan, ecs, region, taskDefinitionRefs);
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

  private void collectServices(Scan scan, EcsClient ecs, String region, String cluster, Set<String> tdRefs) {
    List<String> arns = new ArrayList<>();
    scan.pages(S, "ListServices", region, cluster,
        () -> ecs.listServicesPaginator(r -> r.cluster(cluster).maxResults(100)), p -> arns.addAll(p.serviceArns()));
    scan.forEach(Batches.of(arns, 10), batch ->
        scan.call(S, "DescribeServices", region, cluster, () -> ecs.describeServices(r -> r.cluster(cluster).services(batch)))
            .ifPresent(r -> {
              r.services().forEach(s -> tdRefs.add(s.taskDefinition()));
              scan.write(b -> r.services().forEach(s -> b.add(service(s, region))));
            }));
  }

  private void collectTasks(Scan scan, EcsClient ecs, String region, String cluster, Set<String> tdRefs) {
    List<String> arns = new ArrayList<>();
    scan.pages(S, "ListTasks", region, cluster,
        () -> ecs.listTasksPaginator(r -> r.cluster(cluster).desiredStatus(DesiredStatus.RUNNING).maxResults(100)),
        p -> arns.addAll(p.taskArns()));
    scan.forEach(Batches.of(arns, 100), batch ->
        scan.call(S, "DescribeTasks", region, cluster, () -> ecs.describeTasks(r -> r.cluster(cluster).tasks(batch)))
            .ifPresent(r -> {
              r.tasks().forEach(t -> tdRefs.add(t.taskDefinitionArn()));
              scan.write(b -> r.tasks().forEach(t -> b.add(task(t, region))));
            }));
  }

  /**
   * Describes each task definition once: bare family names (latest ACTIVE revision) first, so a
   * reference by {@code family:revision} or ARN to the same revision is then recognised as known.
   */
  private void collectTaskDefinitions(Scan scan, EcsClient ecs, String region, Set<String> used) {
    List<String> globs = scan.config().ci().taskDefinitionFamilies();
    Set<String> families = new LinkedHashSet<>();
    Set<String> revisions = new LinkedHashSet<>();
    for (String ref : used) {
      String key = Arns.taskDefinitionKey(ref);
      if (key.contains(":")) revisions.add(key); else families.add(key);
    }
    if (!globs.isEmpty()) {
      List<PathMatcher> matchers = globs.stream()
          .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
      List<String> matched = new ArrayList<>();
      scan.pages(S, "ListTaskDefinitionFamilies", region, null,
          () -> ecs.listTaskDefinitionFamiliesPaginator(r -> r.status(TaskDefinitionFamilyStatus.ACTIVE).maxResults(100)),
          p -> p.families().stream().filter(f -> matchers.stream().anyMatch(m -> m.matches(Path.of(f)))).forEach(matched::add));
      if (scan.options().allRevisions()) {
        scan.forEach(matched, family -> {
          List<String> found = new ArrayList<>();
          scan.pages(S, "ListTaskDefinitions", region, family,
              () -> ecs.listTaskDefinitionsPaginator(r -> r.familyPrefix(family).status(TaskDefinitionStatus.ACTIVE).maxResults(100)),
              p -> p.taskDefinitionArns().stream().map(Arns::taskDefinitionKey)
                  .filter(k -> k.substring(0, k.lastIndexOf(':')).equals(family)).forEach(found::add));
          synchronized (revisions) {
            revisions.addAll(found);
          }
        });
      } else {
        families.addAll(matched);
      }
    }
    Set<String> described = ConcurrentHashMap.newKeySet();
    scan.forEach(families, family -> describe(scan, ecs, region, family, described));
    List<String> rest = revisions.stream().filter(k -> !described.contains(k)).toList();
    scan.forEach(rest, key -> describe(scan, ecs, region, key, described));
  }

  private void describe(Scan scan, EcsClient ecs, String region, String ref, Set<String> described) {
    scan.call(S, "DescribeTaskDefinition", region, ref, () -> ecs.describeTaskDefinition(r -> r.taskDefinition(ref)))
        .ifPresent(r -> {
          var td = r.taskDefinition();
          if (described.add(td.family() + ":" + td.revision())) {
            scan.write(b -> b.add(taskDefinition(td, region)));
          }
        });
  }

  private static EcsService service(Service s, String region) {
    AwsVpcConfiguration network = null;
    if (s.networkConfiguration() != null && s.networkConfiguration().awsvpcConfiguration() != null) {
      var v = s.networkConfiguration().awsvpcConfiguration();
      network = new AwsVpcConfiguration(v.subnets(), v.securityGroups(),
          v.assignPublicIp() == null ? null : v.assignPublicIpAsString());
    }
    return new EcsService(s.serviceArn(), s.serviceName(), region, s.clusterArn(),
        s.launchType() == null ? null : s.launchTypeAsString(), s.platformVersion(), s.taskDefinition(),
        s.desiredCount() == null ? 0 : s.desiredCount(), network, null);
  }

  private static EcsTask task(Task t, String region) {
    List<TaskEniAttachment> enis = new ArrayList<>();
    for (Attachment a : t.attachments()) {
      if (!"ElasticNetworkInterface".equals(a.type())) continue;
      String eni = null, subnet = null, ip = null;
      for (KeyValuePair d : a.details()) {
        switch (d.name()) {
          case "networkInterfaceId" -> eni = d.value();
          case "subnetId" -> subnet = d.value();
          case "privateIPv4Address" -> ip = d.value();
          default -> { }
        }
      }
      enis.add(new TaskEniAttachment(eni, subnet, ip));
    }
    return new EcsTask(t.taskArn(), region, t.clusterArn(), t.taskDefinitionArn(),
        t.launchType() == null ? null : t.launchTypeAsString(), t.platformVersion(), t.lastStatus(),
        t.group(), t.startedBy(), enis);
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
