package dev.fargateciaudit.planned;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.inventory.AwsVpcConfiguration;
import dev.fargateciaudit.inventory.EcsCluster;
import dev.fargateciaudit.inventory.EcsService;
import dev.fargateciaudit.inventory.Source;
import dev.fargateciaudit.inventory.TaskDefinition;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

/**
 * A planned ECS service: the JSON of {@code aws ecs create-service --cli-input-json} (has
 * {@code serviceName}) or {@code aws ecs update-service --cli-input-json} (has {@code service}).
 * Create adds a service (or replaces the one of that name); update changes only what it names, as
 * AWS does, and a given {@code networkConfiguration} replaces the service's whole network configuration.
 */
final class ServiceFile {
  private ServiceFile() {}

  static boolean looksLike(JsonNode root) {
    return root.isObject() && (root.has("serviceName") || root.has("service"));
  }

  static void apply(PositionedJson doc, PlannedContext ctx) {
    JsonNode root = doc.root();
    boolean create = root.has("serviceName");
    if (create && root.has("service")) {
      throw doc.error("/service", "both serviceName (create-service) and service (update-service) given (expected one)");
    }
    if (create) {
      AwsShape.validate(doc, root, "", CreateServiceRequest.builder().build(), "create-service input");
    } else {
      AwsShape.validate(doc, root, "", UpdateServiceRequest.builder().build(), "update-service input");
    }
    String name = TaskDefinitionFile.requiredText(doc, root, "", create ? "serviceName" : "service");
    String cluster = TaskDefinitionFile.text(root, "cluster");
    List<EcsService> services = ctx.inventory.list(EcsService.class);
    int index = -1;
    for (int i = 0; i < services.size(); i++) {
      EcsService s = services.get(i);
      if ((name.equals(s.name()) || name.equals(s.arn())) && (cluster == null || sameCluster(cluster, s.clusterArn()))) {
        index = i;
        break;
      }
    }
    if (index < 0 && !create) {
      throw doc.error("/service", "update-service names a service" + (cluster == null ? "" : " and cluster")
          + " not in the audited inventory (expected an existing service, or use create-service input)");
    }
    EcsService old = index < 0 ? null : services.get(index);
    Source source = Source.planned(doc.file(), root.has("networkConfiguration") ? "/networkConfiguration" : "");

    String region = old != null ? old.region() : ctx.defaultRegion();
    String clusterArn = old != null && cluster == null ? old.clusterArn() : clusterArn(ctx, region, cluster == null ? "default" : cluster);
    String arn = old != null ? old.arn()
        : "arn:" + ctx.partition() + ":ecs:" + nz(region) + ":" + ctx.account() + ":service/" + clusterName(clusterArn) + "/" + name;
    String td = TaskDefinitionFile.text(root, "taskDefinition");
    String taskDefinitionArn = td != null ? resolveTaskDefinition(ctx, td) : old == null ? null : old.taskDefinitionArn();
    JsonNode net = root.path("networkConfiguration").path("awsvpcConfiguration");
    AwsVpcConfiguration network = net.isObject()
        ? new AwsVpcConfiguration(
            TaskDefinitionFile.strings(net.path("subnets")),
            TaskDefinitionFile.strings(net.path("securityGroups")),
            TaskDefinitionFile.text(net, "assignPublicIp"))
        : old == null ? null : old.network();
    JsonNode desired = root.get("desiredCount");
    EcsService planned = new EcsService(
        arn, old != null ? old.name() : name, region, clusterArn,
        firstNonNull(TaskDefinitionFile.text(root, "launchType"), old == null ? null : old.launchType()),
        firstNonNull(TaskDefinitionFile.text(root, "platformVersion"), old == null ? null : old.platformVersion()),
        taskDefinitionArn,
        desired != null && !desired.isNull() ? desired.asInt() : old == null ? 0 : old.desiredCount(),
        network, source);
    if (index < 0) services.add(planned); else services.set(index, planned);
  }

  /** A family, {@code family:revision} or ARN, as ECS accepts it; a bare family means its latest ACTIVE revision. */
  private static String resolveTaskDefinition(PlannedContext ctx, String td) {
    if (td.startsWith("arn:")) return td;
    if (td.contains(":")) {
      String family = td.substring(0, td.indexOf(':'));
      return ctx.latestRevision(family).map(t -> t.arn().substring(0, t.arn().lastIndexOf(':') + 1) + td.substring(td.indexOf(':') + 1))
          .orElse(td);
    }
    return ctx.latestActiveRevision(td).map(TaskDefinition::arn).orElse(td);
  }

  private static boolean sameCluster(String given, String clusterArn) {
    return clusterArn != null && (given.equals(clusterArn) || given.equals(clusterName(clusterArn)));
  }

  private static String clusterArn(PlannedContext ctx, String region, String cluster) {
    if (cluster.startsWith("arn:")) return cluster;
    return ctx.inventory.list(EcsCluster.class).stream()
        .filter(c -> cluster.equals(c.name()))
        .map(c -> c.arn())
        .findFirst()
        .orElse("arn:" + ctx.partition() + ":ecs:" + nz(region) + ":" + ctx.account() + ":cluster/" + cluster);
  }

  private static String clusterName(String clusterArn) {
    return clusterArn.substring(clusterArn.lastIndexOf('/') + 1);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static <T> T firstNonNull(T a, T b) {
    return a != null ? a : b;
  }
}
