package dev.fargateciaudit.collect;

import dev.fargateciaudit.inventory.AwsVpcConfiguration;
import dev.fargateciaudit.inventory.EcsCluster;
import dev.fargateciaudit.inventory.EcsService;
import dev.fargateciaudit.inventory.EcsTask;
import dev.fargateciaudit.inventory.RunnerConfig;
import dev.fargateciaudit.inventory.TaskEniAttachment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Attachment;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * ECS workloads, first (they need nothing another collector finds): the CI clusters (configured,
 * else the runner config's, else all), their services and their running tasks. Three calls deep
 * per region: the clusters (listed, when none is configured, then described), then every
 * cluster's ListServices and ListTasks together, then every DescribeServices and DescribeTasks batch
 * together. The task definitions they use are described as soon as they are known, those the
 * configs name first ({@link TaskDefinitionReader#describeLater}); {@link EcsCollector} waits for them.
 *
 * <p>A configured cluster's lists wait for DescribeClusters although they need only its name: a
 * cluster that does not exist would otherwise cost its ListServices and ListTasks, and answer them
 * with ClusterNotFoundException where DescribeClusters answers it as missing.
 */
public final class EcsClusterCollector implements Collector {
  static final String NAME = "ecs-clusters";

  @Override
  public String service() {
    return NAME;
  }

  @Override
  public List<String> services() {
    return List.of(EcsCollector.S);
  }

  @Override
  public Set<String> iamActions() {
    return Set.of("ecs:ListClusters", "ecs:DescribeClusters", "ecs:ListServices", "ecs:DescribeServices",
        "ecs:ListTasks", "ecs:DescribeTasks");
  }

  @Override
  public void collect(Scan scan) {
    scan.forEachRegion(region -> collectRegion(scan, region));
  }

  /** True when the runner config names no region or this one. */
  static boolean runnerHere(Scan scan, String region) {
    RunnerConfig runner = scan.runner();
    return runner != null && (runner.region() == null || runner.region().equals(region));
  }

  /**
   * The clusters named as CI in {@code region}: {@code ci.clusters}, else the runner config's
   * cluster, else none (every cluster of the region is CI, and is listed).
   */
  private static List<String> ciRefs(Scan scan, String region) {
    List<String> refs = new ArrayList<>(scan.config().ci().clusters());
    RunnerConfig runner = scan.runner();
    if (refs.isEmpty() && runnerHere(scan, region) && runner.cluster() != null) refs.add(runner.cluster());
    return refs;
  }

  /** The CI clusters of {@code region} among the clusters described (by this collector, before). */
  static List<EcsCluster> ciClusters(Scan scan, String region, Collection<EcsCluster> described) {
    List<String> refs = ciRefs(scan, region);
    return described.stream().filter(c -> c.region().equals(region))
        .filter(c -> refs.isEmpty() || refs.contains(c.arn()) || refs.contains(c.name())).toList();
  }

  private void collectRegion(Scan scan, String region) {
    EcsClient ecs = scan.clients().ecs(region);
    RunnerConfig runner = scan.runner();
    List<String> ciRefs = ciRefs(scan, region);
    Set<String> describe = new LinkedHashSet<>(ciRefs);
    if (ciRefs.isEmpty()) {
      scan.pages(EcsCollector.S, "ListClusters", region, null,
          () -> ecs.listClustersPaginator(r -> r.maxResults(100)), p -> describe.addAll(p.clusterArns()));
    }
    // The runner config's cluster is described even when ci.clusters leaves it out, so that a
    // report can tell "not audited" from "does not exist"; only the CI clusters' workloads are read.
    if (runnerHere(scan, region) && runner.cluster() != null) describe.add(runner.cluster());
    // By ARN: a cluster named once by name and once by ARN (ci.clusters and the runner config's
    // Cluster) is described twice, and is one cluster.
    Map<String, Cluster> described = new LinkedHashMap<>();
    for (List<String> batch : Batches.of(describe, 100)) {
      scan.call(EcsCollector.S, "DescribeClusters", region, null, () -> ecs.describeClusters(r -> r.clusters(batch)))
          .ifPresent(r -> r.clusters().forEach(c -> described.putIfAbsent(c.clusterArn(), c)));
    }
    List<EcsCluster> records = described.values().stream()
        .map(c -> new EcsCluster(c.clusterArn(), c.clusterName(), region, c.status())).toList();
    scan.write(b -> b.addAll(records));
    List<String> clusters = ciClusters(scan, region, records).stream().map(EcsCluster::arn).toList();

    record Listed(String cluster, List<String> services, List<String> tasks) {}
    List<Listed> listed = clusters.stream().map(c -> new Listed(c, new ArrayList<>(), new ArrayList<>())).toList();
    List<Runnable> lists = new ArrayList<>();
    for (Listed l : listed) {
      lists.add(() -> scan.pages(EcsCollector.S, "ListServices", region, l.cluster(),
          () -> ecs.listServicesPaginator(r -> r.cluster(l.cluster()).maxResults(100)), p -> l.services().addAll(p.serviceArns())));
      lists.add(() -> scan.pages(EcsCollector.S, "ListTasks", region, l.cluster(),
          () -> ecs.listTasksPaginator(r -> r.cluster(l.cluster()).desiredStatus(DesiredStatus.RUNNING).maxResults(100)),
          p -> l.tasks().addAll(p.taskArns())));
    }
    scan.forEach(EcsCollector.S, region, lists, Runnable::run);

    List<Runnable> describes = new ArrayList<>();
    Set<String> taskDefinitions = java.util.concurrent.ConcurrentHashMap.newKeySet();
    for (Listed l : listed) {
      String cluster = l.cluster();
      for (List<String> batch : Batches.of(l.services(), 10)) {
        describes.add(() -> scan.call(EcsCollector.S, "DescribeServices", region, cluster,
                () -> ecs.describeServices(r -> r.cluster(cluster).services(batch)))
            .ifPresent(r -> {
              List<EcsService> services = r.services().stream().map(s -> service(s, region)).toList();
              services.forEach(s -> { if (s.taskDefinitionArn() != null) taskDefinitions.add(s.taskDefinitionArn()); });
              scan.write(b -> b.addAll(services));
            }));
      }
      for (List<String> batch : Batches.of(l.tasks(), 100)) {
        describes.add(() -> scan.call(EcsCollector.S, "DescribeTasks", region, cluster,
                () -> ecs.describeTasks(r -> r.cluster(cluster).tasks(batch)))
            .ifPresent(r -> {
              List<EcsTask> tasks = r.tasks().stream().map(t -> task(t, region)).toList();
              tasks.forEach(t -> { if (t.taskDefinitionArn() != null) taskDefinitions.add(t.taskDefinitionArn()); });
              scan.write(b -> b.addAll(tasks));
            }));
      }
    }
    scan.forEach(EcsCollector.S, region, describes, Runnable::run);
    scan.taskDefinitions().describeLater(region, taskDefinitions);
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
}
