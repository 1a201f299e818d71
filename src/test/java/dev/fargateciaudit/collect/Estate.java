package dev.fargateciaudit.collect;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.EFSTransitEncryption;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds the estates of reference-setup.md in moto with the SDK's own create calls: the blog's
 * set-up (with its mistakes) or the hardened one, in one region. Everything it creates is
 * recorded in public fields so tests can assert against it.
 */
final class Estate implements AutoCloseable {
  static final String ACCOUNT = "123456789012";
  static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      + "\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
  static final String EC2_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
  /** A plaintext env value the collectors must classify and drop. */
  static final String CANARY = "glpat-CANARYcanaryCANARYcanary42";

  final String region;
  private final MotoClients clients;
  final Ec2Client ec2;
  final EcsClient ecs;
  final EfsClient efs;
  final IamClient iam;
  final SecretsManagerClient sm;
  final EcrClient ecr;
  final software.amazon.awssdk.services.ssm.SsmClient ssm;

  String vpc, publicSubnet, ciSubnet, igw, nat, eip, runnerSg, taskSg, efsSg, fileSystem, mountTarget, secretArn,
      executionRole, runnerRole, instanceProfile, runnerInstance, cluster, taskDefinitionArn, image;
  final List<String> taskArns = new ArrayList<>();
  /** The registry login's name when the task definition names it by name (see {@link #registryLoginNamed}), else null. */
  private String registryLogin;
  /** The hardened image's repository name when set (see {@link #imageRepositoryNamed}), else {@code ci-image} and the suffix. */
  private String imageRepository;
  /** True when the hardened image is named through its registry's FIPS host ({@link #imageFromFipsHost}). */
  private boolean fipsHost;
  private String sidecarAccount;

  Estate(String endpoint, String region) {
    this.region = region;
    clients = new MotoClients(endpoint, region);
    ec2 = clients.ec2;
    ecs = clients.ecs;
    ssm = clients.ssm;
    efs = clients.efs;
    iam = clients.iam;
    sm = clients.sm;
    ecr = clients.ecr;
  }

  /** The blog's set-up: IGW default route with no public IP, open SGs, broad roles, latest tag. */
  Estate blog() {
    return build(false, "");
  }

  /** The same estate done right: NAT + EIP egress, narrow SGs, scoped roles, ECR image by tag, encryption. */
  Estate hardened() {
    return build(true, "");
  }

  /**
   * The blog's registry login is named {@code name}, whatever the suffix (so two regions can hold one
   * name), and its task definition names it by name rather than by ARN.
   */
  Estate registryLoginNamed(String name) {
    registryLogin = name;
    return this;
  }

  /** The hardened image's repository is named {@code name}, whatever the suffix (so two regions can hold one name). */
  Estate imageRepositoryNamed(String name) {
    imageRepository = name;
    return this;
  }

  /** The hardened task definition names its image through the registry's FIPS host, {@code ACCOUNT.dkr.ecr-fips.REGION.amazonaws.com}. */
  Estate imageFromFipsHost() {
    fipsHost = true;
    return this;
  }

  /**
   * The hardened task definition has a second container, {@code tools}, whose image has the same
   * repository name in {@code account}'s registry of the same region (an organisation's shared one).
   */
  Estate sidecarFromTheRegistryOf(String account) {
    sidecarAccount = account;
    return this;
  }

  Estate build(boolean hardened, String suffix) {
    network(hardened, suffix);
    secretArn = sm.createSecret(r -> r.name(registryLogin != null ? registryLogin : "ci-registry-login" + suffix).secretString("{\"username\":\"u\",\"password\":\"p\"}")
        .tags(t -> t.key("note").value(CANARY))).arn();
    var fs = efs.createFileSystem(r -> r.creationToken("ci-efs" + suffix).encrypted(hardened));
    fileSystem = fs.fileSystemId();
    mountTarget = efs.createMountTarget(r -> r.fileSystemId(fileSystem).subnetId(ciSubnet).securityGroups(efsSg)).mountTargetId();
    roles(hardened, suffix);
    if (hardened) {
      var repo = ecr.createRepository(r -> r.repositoryName(imageRepository != null ? imageRepository : "ci-image" + suffix)).repository();
      image = (fipsHost ? repo.repositoryUri().replace(".dkr.ecr.", ".dkr.ecr-fips.") : repo.repositoryUri()) + ":1.4.2";
    } else {
      image = "docker.io/myorg/ci-image:latest";
    }
    cluster = ecs.createCluster(r -> r.clusterName("gitlab-ci" + suffix)).cluster().clusterArn();
    ContainerDefinition.Builder container = ContainerDefinition.builder().name("ci").image(image).memory(512).essential(true)
        .portMappings(p -> p.containerPort(22).hostPort(22).protocol("tcp"))
        .mountPoints(m -> m.sourceVolume("shared").containerPath("/shared"))
        .environment(KeyValuePair.builder().name("GITLAB_TOKEN").value(CANARY).build(),
            KeyValuePair.builder().name("LOG_LEVEL").value("info").build());
    if (!hardened) {
      container.repositoryCredentials(c -> c.credentialsParameter(registryLogin != null ? registryLogin : secretArn))
          .portMappings(p -> p.containerPort(22).hostPort(22).protocol("tcp"), p -> p.containerPort(2049).hostPort(2049).protocol("tcp"));
    }
    taskDefinitionArn = ecs.registerTaskDefinition(r -> r.family("gitlab-ci" + suffix).networkMode(NetworkMode.AWSVPC)
        .requiresCompatibilities(Compatibility.FARGATE).cpu("512").memory("1024")
        .executionRoleArn(executionRole).containerDefinitions(containers(container.build()))
        .volumes(v -> v.name("shared").efsVolumeConfiguration(e -> e.fileSystemId(fileSystem)
            .transitEncryption(hardened ? EFSTransitEncryption.ENABLED : EFSTransitEncryption.DISABLED))))
        .taskDefinition().taskDefinitionArn();
    var run = ecs.runTask(r -> r.cluster(cluster).taskDefinition(taskDefinitionArn).launchType(LaunchType.FARGATE).count(1)
        .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(ciSubnet).securityGroups(taskSg)
            .assignPublicIp(AssignPublicIp.DISABLED))));
    run.tasks().forEach(t -> taskArns.add(t.taskArn()));
    return this;
  }

  private List<ContainerDefinition> containers(ContainerDefinition ci) {
    if (sidecarAccount == null) return List.of(ci);
    String shared = image.replaceFirst("^[0-9]{12}", sidecarAccount);
    return List.of(ci, ContainerDefinition.builder().name("tools").image(shared).memory(256).essential(false).build());
  }

  /**
   * {@link #blog} grown to the benchmark's size: 50 task-definition families (49 of them with 14
   * shared execution and task roles), 50 services (one per family) and 200 running tasks.
   */
  Estate benchmark() {
    blog();
    List<String> tds = new ArrayList<>();
    tds.add(taskDefinitionArn);
    for (int i = 1; i < 50; i++) {
      int k = i % 14;
      String exec = "bench-exec-" + k;
      String task = "bench-task-" + k;
      if (i <= 14) {
        iam.createRole(r -> r.roleName(exec).assumeRolePolicyDocument(TRUST));
        iam.attachRolePolicy(r -> r.roleName(exec)
            .policyArn("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"));
        iam.createRole(r -> r.roleName(task).assumeRolePolicyDocument(TRUST));
        iam.putRolePolicy(r -> r.roleName(task).policyName("bucket").policyDocument(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::ci-cache/*\"}]}"));
      }
      String family = "bench-" + i;
      tds.add(ecs.registerTaskDefinition(r -> r.family(family).networkMode(NetworkMode.AWSVPC)
          .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512")
          .executionRoleArn("arn:aws:iam::" + ACCOUNT + ":role/" + exec)
          .taskRoleArn("arn:aws:iam::" + ACCOUNT + ":role/" + task)
          .containerDefinitions(c -> c.name("job").image("docker.io/myorg/ci:1.0").memory(512)))
          .taskDefinition().taskDefinitionArn());
    }
    for (int i = 0; i < 50; i++) {
      String td = tds.get(i);
      String name = "svc-" + i;
      ecs.createService(r -> r.cluster(cluster).serviceName(name).taskDefinition(td).desiredCount(0)
          .launchType(LaunchType.FARGATE).networkConfiguration(c -> c.awsvpcConfiguration(a -> a.subnets(ciSubnet)
              .securityGroups(taskSg).assignPublicIp(AssignPublicIp.DISABLED))));
    }
    int started = taskArns.size();
    for (int i = 1; started < 200; i++) {
      String td = tds.get(i);
      int count = Math.min(10, 200 - started);
      started += ecs.runTask(r -> r.cluster(cluster).taskDefinition(td).launchType(LaunchType.FARGATE).count(count)
          .networkConfiguration(c -> c.awsvpcConfiguration(a -> a.subnets(ciSubnet).securityGroups(taskSg)
              .assignPublicIp(AssignPublicIp.DISABLED)))).tasks().size();
    }
    return this;
  }

  /** Adds {@code n} services (desired count 0) to the CI cluster, using the CI task definition. */
  Estate services(int n) {
    for (int i = 0; i < n; i++) {
      String name = "svc-" + i;
      ecs.createService(r -> r.cluster(cluster).serviceName(name).taskDefinition(taskDefinitionArn).desiredCount(0)
          .launchType(LaunchType.FARGATE).networkConfiguration(c -> c.awsvpcConfiguration(a -> a.subnets(ciSubnet)
              .securityGroups(taskSg).assignPublicIp(AssignPublicIp.DISABLED))));
    }
    return this;
  }

  /** Starts {@code n} more CI tasks (10 per RunTask, its maximum). */
  Estate tasks(int n) {
    for (int done = 0; done < n; done += 10) {
      int count = Math.min(10, n - done);
      ecs.runTask(r -> r.cluster(cluster).taskDefinition(taskDefinitionArn).launchType(LaunchType.FARGATE).count(count)
          .networkConfiguration(c -> c.awsvpcConfiguration(a -> a.subnets(ciSubnet).securityGroups(taskSg)
              .assignPublicIp(AssignPublicIp.DISABLED)))).tasks().forEach(t -> taskArns.add(t.taskArn()));
    }
    return this;
  }

  /** Adds empty clusters (not CI, but listed when no cluster is configured). */
  Estate emptyClusters(int n) {
    for (int i = 0; i < n; i++) {
      String name = "other-" + i;
      ecs.createCluster(r -> r.clusterName(name));
    }
    return this;
  }

  private void network(boolean hardened, String suffix) {
    vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
    ec2.modifyVpcAttribute(r -> r.vpcId(vpc).enableDnsHostnames(AttributeBooleanValue.builder().value(true).build()));
    publicSubnet = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24")).subnet().subnetId();
    ciSubnet = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.16.0/20")).subnet().subnetId();
    igw = ec2.createInternetGateway().internetGateway().internetGatewayId();
    ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
    String publicRt = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
    ec2.createRoute(r -> r.routeTableId(publicRt).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
    ec2.associateRouteTable(r -> r.routeTableId(publicRt).subnetId(publicSubnet));
    String ciRt = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
    if (hardened) {
      eip = ec2.allocateAddress(r -> r.domain("vpc")).allocationId();
      nat = ec2.createNatGateway(r -> r.subnetId(publicSubnet).allocationId(eip)).natGateway().natGatewayId();
      ec2.createRoute(r -> r.routeTableId(ciRt).destinationCidrBlock("0.0.0.0/0").natGatewayId(nat));
    } else {
      ec2.createRoute(r -> r.routeTableId(ciRt).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
    }
    ec2.associateRouteTable(r -> r.routeTableId(ciRt).subnetId(ciSubnet));

    runnerSg = ec2.createSecurityGroup(r -> r.groupName("gitlab-runner" + suffix).description("runner").vpcId(vpc)).groupId();
    taskSg = ec2.createSecurityGroup(r -> r.groupName("ci-tasks" + suffix).description("ci tasks").vpcId(vpc)).groupId();
    efsSg = ec2.createSecurityGroup(r -> r.groupName("ci-efs" + suffix).description("efs").vpcId(vpc)).groupId();
    if (hardened) {
      ingress(taskSg, IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22).userIdGroupPairs(g -> g.groupId(runnerSg)).build());
      ingress(efsSg, IpPermission.builder().ipProtocol("tcp").fromPort(2049).toPort(2049).userIdGroupPairs(g -> g.groupId(taskSg)).build());
    } else {
      ingress(taskSg, IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22).ipRanges(c -> c.cidrIp("0.0.0.0/0")).build(),
          IpPermission.builder().ipProtocol("tcp").fromPort(2049).toPort(2049).ipRanges(c -> c.cidrIp("0.0.0.0/0")).build());
      ingress(efsSg, IpPermission.builder().ipProtocol("tcp").fromPort(2049).toPort(2049).ipRanges(c -> c.cidrIp("0.0.0.0/0")).build());
    }
  }

  private void ingress(String group, IpPermission... permissions) {
    ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(permissions));
  }

  private void roles(boolean hardened, String suffix) {
    executionRole = iam.createRole(r -> r.roleName("ci-task-execution" + suffix).assumeRolePolicyDocument(TRUST)).role().arn();
    String execName = "ci-task-execution" + suffix;
    if (hardened) {
      iam.attachRolePolicy(r -> r.roleName(execName).policyArn("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"));
      iam.putRolePolicy(r -> r.roleName(execName).policyName("ReadRegistrySecret").policyDocument(
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\","
              + "\"Resource\":\"" + secretArn + "\"}]}"));
    } else {
      iam.attachRolePolicy(r -> r.roleName(execName).policyArn("arn:aws:iam::aws:policy/SecretsManagerReadWrite"));
      iam.attachRolePolicy(r -> r.roleName(execName).policyArn("arn:aws:iam::aws:policy/AmazonS3FullAccess"));
      iam.putRolePolicy(r -> r.roleName(execName).policyName("ReadSecrets").policyDocument(
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\","
              + "\"Resource\":\"*\"}]}"));
    }
    String runnerName = "gitlab-runner" + suffix;
    runnerRole = iam.createRole(r -> r.roleName(runnerName).assumeRolePolicyDocument(EC2_TRUST)).role().arn();
    if (hardened) {
      iam.putRolePolicy(r -> r.roleName(runnerName).policyName("RunCiTasks").policyDocument(
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"ecs:RunTask\",\"ecs:StopTask\","
              + "\"ecs:DescribeTasks\"],\"Resource\":\"arn:aws:ecs:" + region + ":" + ACCOUNT + ":*\"}]}"));
    } else {
      iam.attachRolePolicy(r -> r.roleName(runnerName).policyArn("arn:aws:iam::aws:policy/AmazonECS_FullAccess"));
    }
    instanceProfile = iam.createInstanceProfile(r -> r.instanceProfileName(runnerName)).instanceProfile().arn();
    iam.addRoleToInstanceProfile(r -> r.instanceProfileName(runnerName).roleName(runnerName));
    String ami = ec2.describeImages(r -> r.owners("amazon")).images().get(0).imageId();
    runnerInstance = ec2.runInstances(r -> r.imageId(ami).minCount(1).maxCount(1).instanceType("t3.micro")
        .subnetId(publicSubnet).securityGroupIds(runnerSg).iamInstanceProfile(p -> p.name(runnerName))
        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
            .tags(Tag.builder().key("Name").value("gitlab-runner" + suffix).build()).build()))
        .instances().get(0).instanceId();
  }

  @Override
  public void close() {
    clients.close();
  }
}
