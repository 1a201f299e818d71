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
import dev.fargateciaudit.derive.RunnerManagers;
import dev.fargateciaudit.derive.RunnerScope;
import dev.fargateciaudit.derive.iam.AccountScope;
import dev.fargateciaudit.inventory.Ec2Instance;
import dev.fargateciaudit.inventory.IamInstanceProfile;
import dev.fargateciaudit.inventory.IamRole;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/**
 * ECS task definitions, complete: every ACTIVE revision the runner role may start in a CI cluster
 * ({@link RunnerScope}), run or not, beside those the configs name ({@link
 * ConfiguredTaskDefinitionsCollector}) and the CI clusters' services and running tasks use ({@link
 * EcsClusterCollector} names them), each described once by the {@link TaskDefinitionReader}. The
 * collectors scoped by task definitions wait for this one.
 */
public final class EcsCollector implements Collector {
  static final String S = "ecs";

  @Override
  public String service() {
    return S;
  }

  @Override
  public Set<String> iamActions() {
    return Set.of("ecs:ListTaskDefinitions", "ecs:DescribeTaskDefinition");
  }

  @Override
  public List<String> dependsOn() {
    return List.of(EcsClusterCollector.NAME, ConfiguredTaskDefinitionsCollector.NAME, RunnerCollector.NAME, StsCollector.NAME);
  }

  @Override
  public void collect(Scan scan) {
    scan.forEachRegion(region -> collectRegion(scan, region));
  }

  /**
   * What the runner may start, described as it is found; then waits for every task definition of
   * the region, those the configs and the workloads named included.
   */
  private void collectRegion(Scan scan, String region) {
    RunnerConfig runner = scan.runner();
    List<String> clusters = scan.read(b ->
        EcsClusterCollector.ciClusters(scan, region, b.list(EcsCluster.class)).stream().map(EcsCluster::arn).toList());
    RunnerScope mayStart = runnerScope(scan, region, clusters,
        scan.config().ci().clusters().isEmpty() && (runner == null || runner.cluster() == null));
    scan.taskDefinitions().describeLater(region, taskDefinitionsTheRunnerMayStart(scan, scan.clients().ecs(region), region, mayStart));
    scan.taskDefinitions().await(region);
  }

  /**
   * What the runner role may start in {@code ciClusters} (or any cluster): the role the runner
   * collector read, else, with a runner config, the one task role of the runner managers among the
   * CI clusters' services and tasks ({@link RunnerManagers}), as derive finds it; those wait for the region's task
   * definitions the workloads use, and their role is read here.
   */
  private static RunnerScope runnerScope(Scan scan, String region, List<String> ciClusters, boolean anyCluster) {
    String arn = scan.read(b -> {
      Map<String, IamInstanceProfile> profiles = new HashMap<>();
      for (IamInstanceProfile p : b.list(IamInstanceProfile.class)) profiles.put(p.arn(), p);
      String configured = scan.config().ci().runnerRole();
      return RunnerScope.roleArn(configured, RunnerScope.instances(configured, b.list(Ec2Instance.class), profiles), profiles);
    });
    if (arn == null && scan.runner() != null) arn = managerRole(scan, region, ciClusters);
    if (arn == null) return RunnerScope.NONE;
    String found = arn;
    return scan.read(b -> {
      IamRole role = b.list(IamRole.class).stream()
          .filter(r -> found.equals(r.arn()) || Arns.lastName(found).equals(r.name())).findFirst().orElse(null);
      return RunnerScope.of(role, ciClusters, anyCluster, new AccountScope(null, scan.accountId(), scan.regions()));
    });
  }

  /** The one task role of the runner managers in this region's CI clusters, read; null for none or several. */
  private static String managerRole(Scan scan, String region, List<String> ciClusters) {
    scan.taskDefinitions().await(region);
    List<RunnerManagers.ManagerRole> roles = scan.read(b -> {
      Map<String, TaskDefinition> tds = new HashMap<>();
      for (TaskDefinition td : b.list(TaskDefinition.class)) tds.putIfAbsent(td.arn(), td);
      List<EcsService> services = b.list(EcsService.class).stream().filter(s -> ciClusters.contains(s.clusterArn())).toList();
      List<EcsTask> tasks = b.list(EcsTask.class).stream().filter(t -> ciClusters.contains(t.clusterArn())).toList();
      return RunnerManagers.taskRoles(services, tasks, tds::get);
    });
    if (roles.size() != 1) return null;
    RoleReader.read(scan, List.of(Arns.lastName(roles.get(0).roleArn())));
    return roles.get(0).roleArn();
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
