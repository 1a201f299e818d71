package dev.fargateciaudit.inventory;

import java.util.List;

/**
 * Everything collected from one AWS account (or read from a snapshot), across its regions.
 *
 * <p>The JSON form is a public, versioned contract: {@code schemaVersion} changes on any
 * incompatible change, and {@code src/main/resources/schema/inventory.schema.json} describes it.
 * Secret values are never part of it: environment variables keep only their name and a
 * classification, secrets and parameters only their metadata.
 */
public record Inventory(
    int schemaVersion,
    InventoryMeta meta,
    List<Vpc> vpcs,
    List<Subnet> subnets,
    List<RouteTable> routeTables,
    List<InternetGateway> internetGateways,
    List<EgressOnlyInternetGateway> egressOnlyInternetGateways,
    List<NatGateway> natGateways,
    List<ElasticIp> elasticIps,
    List<SecurityGroup> securityGroups,
    List<NetworkInterface> networkInterfaces,
    List<Ec2Instance> instances,
    List<EcsCluster> ecsClusters,
    List<EcsService> ecsServices,
    List<EcsTask> ecsTasks,
    List<TaskDefinition> taskDefinitions,
    List<EfsFileSystem> efsFileSystems,
    List<EfsMountTarget> efsMountTargets,
    List<EfsAccessPoint> efsAccessPoints,
    List<IamRole> iamRoles,
    List<IamInstanceProfile> iamInstanceProfiles,
    List<SecretMetadata> secrets,
    List<SsmParameter> ssmParameters,
    List<EcrRepository> ecrRepositories,
    RunnerConfig runnerConfig,
    List<CollectionError> collectionErrors) {

  public static final int SCHEMA_VERSION = 1;

  public Inventory {
    vpcs = Lists.of(vpcs);
    subnets = Lists.of(subnets);
    routeTables = Lists.of(routeTables);
    internetGateways = Lists.of(internetGateways);
    egressOnlyInternetGateways = Lists.of(egressOnlyInternetGateways);
    natGateways = Lists.of(natGateways);
    elasticIps = Lists.of(elasticIps);
    securityGroups = Lists.of(securityGroups);
    networkInterfaces = Lists.of(networkInterfaces);
    instances = Lists.of(instances);
    ecsClusters = Lists.of(ecsClusters);
    ecsServices = Lists.of(ecsServices);
    ecsTasks = Lists.of(ecsTasks);
    taskDefinitions = Lists.of(taskDefinitions);
    efsFileSystems = Lists.of(efsFileSystems);
    efsMountTargets = Lists.of(efsMountTargets);
    efsAccessPoints = Lists.of(efsAccessPoints);
    iamRoles = Lists.of(iamRoles);
    iamInstanceProfiles = Lists.of(iamInstanceProfiles);
    secrets = Lists.of(secrets);
    ssmParameters = Lists.of(ssmParameters);
    ecrRepositories = Lists.of(ecrRepositories);
    collectionErrors = Lists.of(collectionErrors);
  }

  /** A builder, because collectors and the planned-change overlay fill an inventory piece by piece. */
  public static InventoryBuilder builder() {
    return new InventoryBuilder();
  }

  public InventoryBuilder toBuilder() {
    return InventoryBuilder.from(this);
  }
}
