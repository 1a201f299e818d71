package dev.fargateciaudit.inventory;

import java.util.ArrayList;
import java.util.List;

/** Mutable accumulator for an {@link Inventory}; thread-confined (collectors merge under a lock). */
public final class InventoryBuilder {
  public InventoryMeta meta;
  public final List<Vpc> vpcs = new ArrayList<>();
  public final List<Subnet> subnets = new ArrayList<>();
  public final List<RouteTable> routeTables = new ArrayList<>();
  public final List<InternetGateway> internetGateways = new ArrayList<>();
  public final List<EgressOnlyInternetGateway> egressOnlyInternetGateways = new ArrayList<>();
  public final List<NatGateway> natGateways = new ArrayList<>();
  public final List<ElasticIp> elasticIps = new ArrayList<>();
  public final List<SecurityGroup> securityGroups = new ArrayList<>();
  public final List<NetworkInterface> networkInterfaces = new ArrayList<>();
  public final List<Ec2Instance> instances = new ArrayList<>();
  public final List<EcsCluster> ecsClusters = new ArrayList<>();
  public final List<EcsService> ecsServices = new ArrayList<>();
  public final List<EcsTask> ecsTasks = new ArrayList<>();
  public final List<TaskDefinition> taskDefinitions = new ArrayList<>();
  public final List<EfsFileSystem> efsFileSystems = new ArrayList<>();
  public final List<EfsMountTarget> efsMountTargets = new ArrayList<>();
  public final List<EfsAccessPoint> efsAccessPoints = new ArrayList<>();
  public final List<IamRole> iamRoles = new ArrayList<>();
  public final List<IamInstanceProfile> iamInstanceProfiles = new ArrayList<>();
  public final List<SecretMetadata> secrets = new ArrayList<>();
  public final List<EcrRepository> ecrRepositories = new ArrayList<>();
  public RunnerConfig runnerConfig;
  public final List<CollectionError> collectionErrors = new ArrayList<>();

  InventoryBuilder() {}

  static InventoryBuilder from(Inventory inv) {
    InventoryBuilder b = new InventoryBuilder();
    b.meta = inv.meta();
    b.vpcs.addAll(inv.vpcs());
    b.subnets.addAll(inv.subnets());
    b.routeTables.addAll(inv.routeTables());
    b.internetGateways.addAll(inv.internetGateways());
    b.egressOnlyInternetGateways.addAll(inv.egressOnlyInternetGateways());
    b.natGateways.addAll(inv.natGateways());
    b.elasticIps.addAll(inv.elasticIps());
    b.securityGroups.addAll(inv.securityGroups());
    b.networkInterfaces.addAll(inv.networkInterfaces());
    b.instances.addAll(inv.instances());
    b.ecsClusters.addAll(inv.ecsClusters());
    b.ecsServices.addAll(inv.ecsServices());
    b.ecsTasks.addAll(inv.ecsTasks());
    b.taskDefinitions.addAll(inv.taskDefinitions());
    b.efsFileSystems.addAll(inv.efsFileSystems());
    b.efsMountTargets.addAll(inv.efsMountTargets());
    b.efsAccessPoints.addAll(inv.efsAccessPoints());
    b.iamRoles.addAll(inv.iamRoles());
    b.iamInstanceProfiles.addAll(inv.iamInstanceProfiles());
    b.secrets.addAll(inv.secrets());
    b.ecrRepositories.addAll(inv.ecrRepositories());
    b.runnerConfig = inv.runnerConfig();
    b.collectionErrors.addAll(inv.collectionErrors());
    return b;
  }

  /** Adds everything {@code other} holds (used to merge per-service and per-region results). */
  public InventoryBuilder addAll(InventoryBuilder o) {
    vpcs.addAll(o.vpcs);
    subnets.addAll(o.subnets);
    routeTables.addAll(o.routeTables);
    internetGateways.addAll(o.internetGateways);
    egressOnlyInternetGateways.addAll(o.egressOnlyInternetGateways);
    natGateways.addAll(o.natGateways);
    elasticIps.addAll(o.elasticIps);
    securityGroups.addAll(o.securityGroups);
    networkInterfaces.addAll(o.networkInterfaces);
    instances.addAll(o.instances);
    ecsClusters.addAll(o.ecsClusters);
    ecsServices.addAll(o.ecsServices);
    ecsTasks.addAll(o.ecsTasks);
    taskDefinitions.addAll(o.taskDefinitions);
    efsFileSystems.addAll(o.efsFileSystems);
    efsMountTargets.addAll(o.efsMountTargets);
    efsAccessPoints.addAll(o.efsAccessPoints);
    iamRoles.addAll(o.iamRoles);
    iamInstanceProfiles.addAll(o.iamInstanceProfiles);
    secrets.addAll(o.secrets);
    ecrRepositories.addAll(o.ecrRepositories);
    if (o.runnerConfig != null) runnerConfig = o.runnerConfig;
    collectionErrors.addAll(o.collectionErrors);
    return this;
  }

  public Inventory build() {
    return new Inventory(
        Inventory.SCHEMA_VERSION, meta, vpcs, subnets, routeTables, internetGateways,
        egressOnlyInternetGateways, natGateways, elasticIps, securityGroups, networkInterfaces,
        instances, ecsClusters, ecsServices, ecsTasks, taskDefinitions, efsFileSystems,
        efsMountTargets, efsAccessPoints, iamRoles, iamInstanceProfiles, secrets,
        ecrRepositories, runnerConfig, collectionErrors);
  }
}
