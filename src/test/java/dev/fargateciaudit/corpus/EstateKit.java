package dev.fargateciaudit.corpus;

import dev.fargateciaudit.collect.MotoClients;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.CreateRouteRequest;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ecr.model.CreateRepositoryRequest;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.EFSAuthorizationConfigIAM;
import software.amazon.awssdk.services.ecs.model.EFSTransitEncryption;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The create calls estates are built with, one method per thing a platform team provisions
 * (a VPC laid out as the common Terraform VPC module lays it out, a security group, an encrypted
 * file system, an ECR repository with an image in it, a secret, a parameter, a role, a task
 * definition, a service...), each through the AWS SDK against moto, tagged the way teams tag.
 */
final class EstateKit implements AutoCloseable {
  static final String ACCOUNT = "123456789012";
  static final String ECS_TASK_EXECUTION_ROLE_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
  static final String SSM_MANAGED_INSTANCE_CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";
  static final String CLOUDWATCH_AGENT_SERVER = "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy";
  static final String ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess";

  /**
   * The runner manager's image. The corpus's moto loads no default AMIs (its EC2 backend starts
   * seconds faster for each estate) and, like moto's default, does not validate image ids.
   */
  static final String RUNNER_AMI = "ami-0b9e1a2c3d4e5f607";

  final MotoClients aws;
  final String region;

  EstateKit(String endpoint, String region) {
    this.aws = new MotoClients(endpoint, region);
    this.region = region;
  }

  String registry() {
    return ACCOUNT + ".dkr.ecr." + region + ".amazonaws.com";
  }

  static String iamRole(String name) {
    return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
  }

  String arn(String service, String resource) {
    return "arn:aws:" + service + ":" + region + ":" + ACCOUNT + ":" + resource;
  }

  // ------------------------------------------------------------------ network

  /**
   * @param ciSubnets the private subnets CI tasks run in, one per zone
   * @param natRouteTables the private route tables, one per NAT gateway
   * @param egressIps the NAT gateways' Elastic IPs, the addresses a team safelists
   */
  record Network(String vpc, List<String> publicSubnets, List<String> ciSubnets, List<String> ciCidrs, String igw,
      String publicRouteTable, List<String> natRouteTables, List<String> nats, List<String> egressIps) {}

  /**
   * A VPC of {@code 10.N.0.0/16} with, per zone, a public /24 ({@code 10.N.z.0}) routed to an
   * Internet Gateway and a private /20 ({@code 10.N.16(z+1).0}) for CI routed to a NAT gateway that
   * carries an Elastic IP: one NAT for all zones, or one per zone.
   */
  Network network(String name, int secondOctet, int zones, boolean natPerZone) {
    String base = "10." + secondOctet + ".";
    String vpc = aws.ec2.createVpc(r -> r.cidrBlock(base + "0.0/16").tagSpecifications(tags(ResourceType.VPC, name))).vpc().vpcId();
    aws.ec2.modifyVpcAttribute(r -> r.vpcId(vpc).enableDnsHostnames(AttributeBooleanValue.builder().value(true).build()));
    List<String> publicSubnets = new ArrayList<>();
    List<String> ciSubnets = new ArrayList<>();
    List<String> ciCidrs = new ArrayList<>();
    for (int z = 0; z < zones; z++) {
      String az = region + (char) ('a' + z);
      int zz = z;
      publicSubnets.add(aws.ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock(base + zz + ".0/24").availabilityZone(az)
          .tagSpecifications(tags(ResourceType.SUBNET, name + "-public-" + az))).subnet().subnetId());
      String cidr = base + (16 * (z + 1)) + ".0/20";
      ciCidrs.add(cidr);
      ciSubnets.add(aws.ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock(cidr).availabilityZone(az)
          .tagSpecifications(tags(ResourceType.SUBNET, name + "-ci-" + az))).subnet().subnetId());
    }
    String igw = aws.ec2.createInternetGateway(r -> r.tagSpecifications(tags(ResourceType.INTERNET_GATEWAY, name)))
        .internetGateway().internetGatewayId();
    aws.ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
    String publicRt = routeTable(vpc, name + "-public");
    aws.ec2.createRoute(r -> r.routeTableId(publicRt).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
    publicSubnets.forEach(s -> aws.ec2.associateRouteTable(r -> r.routeTableId(publicRt).subnetId(s)));
    List<String> nats = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    List<String> natRts = new ArrayList<>();
    for (int z = 0; z < (natPerZone ? zones : 1); z++) {
      String az = region + (char) ('a' + z);
      var eip = aws.ec2.allocateAddress(r -> r.domain("vpc").tagSpecifications(tags(ResourceType.ELASTIC_IP, name + "-nat-" + az)));
      String subnet = publicSubnets.get(z);
      nats.add(aws.ec2.createNatGateway(r -> r.subnetId(subnet).allocationId(eip.allocationId())
          .tagSpecifications(tags(ResourceType.NATGATEWAY, name + "-" + az))).natGateway().natGatewayId());
      ips.add(eip.publicIp());
      String rt = routeTable(vpc, name + "-private-" + az);
      String nat = nats.get(z);
      aws.ec2.createRoute(r -> r.routeTableId(rt).destinationCidrBlock("0.0.0.0/0").natGatewayId(nat));
      natRts.add(rt);
    }
    for (int z = 0; z < zones; z++) {
      String rt = natRts.get(natPerZone ? z : 0);
      String subnet = ciSubnets.get(z);
      aws.ec2.associateRouteTable(r -> r.routeTableId(rt).subnetId(subnet));
    }
    return new Network(vpc, publicSubnets, ciSubnets, ciCidrs, igw, publicRt, natRts, nats, ips);
  }

  String routeTable(String vpc, String name) {
    return aws.ec2.createRouteTable(r -> r.vpcId(vpc).tagSpecifications(tags(ResourceType.ROUTE_TABLE, name))).routeTable().routeTableId();
  }

  /** A subnet in zone a with a route table of its own whose default route {@code target} sets (a gateway or a NAT gateway). */
  String subnetRoutedTo(String vpc, String cidr, String name, Consumer<CreateRouteRequest.Builder> target) {
    String rt = routeTable(vpc, name);
    aws.ec2.createRoute(r -> target.accept(r.routeTableId(rt).destinationCidrBlock("0.0.0.0/0")));
    return subnet(vpc, cidr, region + "a", name, rt);
  }

  /** A subnet added later, in {@code az}, associated with {@code routeTable}. */
  String subnet(String vpc, String cidr, String az, String name, String routeTable) {
    String id = aws.ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock(cidr).availabilityZone(az)
        .tagSpecifications(tags(ResourceType.SUBNET, name))).subnet().subnetId();
    aws.ec2.associateRouteTable(r -> r.routeTableId(routeTable).subnetId(id));
    return id;
  }

  String securityGroup(String vpc, String name, String description) {
    return aws.ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName(name).description(description)
        .tagSpecifications(tags(ResourceType.SECURITY_GROUP, name))).groupId();
  }

  void allowTcpFromGroup(String group, int port, String source, String description) {
    aws.ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(IpPermission.builder().ipProtocol("tcp")
        .fromPort(port).toPort(port).userIdGroupPairs(p -> p.groupId(source).description(description)).build()));
  }

  void allowTcpFromCidrs(String group, int port, List<String> cidrs, String description) {
    aws.ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(IpPermission.builder().ipProtocol("tcp")
        .fromPort(port).toPort(port).ipRanges(cidrs.stream().map(c -> software.amazon.awssdk.services.ec2.model.IpRange.builder()
            .cidrIp(c).description(description).build()).toList()).build()));
  }

  // ------------------------------------------------------------------ storage and images

  record FileSystem(String id, String arn, String accessPoint) {}

  /** An encrypted file system with a mount target in each of {@code subnets} and an access point for build caches. */
  FileSystem fileSystem(String name, String mountTargetGroup, List<String> subnets) {
    var fs = aws.efs.createFileSystem(r -> r.creationToken(name).encrypted(true).performanceMode("generalPurpose")
        .tags(t -> t.key("Name").value(name)));
    for (String s : subnets) {
      aws.efs.createMountTarget(r -> r.fileSystemId(fs.fileSystemId()).subnetId(s).securityGroups(mountTargetGroup));
    }
    String ap = aws.efs.createAccessPoint(r -> r.fileSystemId(fs.fileSystemId()).clientToken(name + "-builds")
        .rootDirectory(d -> d.path("/builds").creationInfo(c -> c.ownerUid(1000L).ownerGid(1000L).permissions("0750")))
        .posixUser(u -> u.uid(1000L).gid(1000L))).accessPointId();
    return new FileSystem(fs.fileSystemId(), fs.fileSystemArn(), ap);
  }

  record Repository(String name, String arn, String uri) {}

  /** A private repository with immutable tags and scan on push; {@code policy} may be null. */
  Repository repository(String name, String policy) {
    var repo = aws.ecr.createRepository(r -> r.repositoryName(name).imageTagMutability(ImageTagMutability.IMMUTABLE)
        .imageScanningConfiguration(s -> s.scanOnPush(true))).repository();
    if (policy != null) aws.ecr.setRepositoryPolicy(r -> r.repositoryName(name).policyText(policy));
    return new Repository(name, repo.repositoryArn(), repo.repositoryUri());
  }

  /** A private repository as Terraform's {@code aws_ecr_repository} and CloudFormation's {@code AWS::ECR::Repository} make it by default: mutable tags, no scan on push. */
  Repository defaultRepository(String name) {
    return repositoryAsCreated(r -> r.repositoryName(name).imageTagMutability(ImageTagMutability.MUTABLE)
        .imageScanningConfiguration(c -> c.scanOnPush(false)));
  }

  /** A repository made with exactly {@code request}'s settings (the API's defaults for the rest: mutable tags, no scan on push). */
  Repository repositoryAsCreated(Consumer<CreateRepositoryRequest.Builder> request) {
    var repo = aws.ecr.createRepository(request).repository();
    return new Repository(repo.repositoryName(), repo.repositoryArn(), repo.repositoryUri());
  }

  void repositoryPolicy(Repository repo, String policy) {
    aws.ecr.setRepositoryPolicy(r -> r.repositoryName(repo.name()).policyText(policy));
  }

  /** Pushes an image manifest under {@code tag}; returns its digest ({@code sha256:...}). */
  String push(Repository repo, String tag) {
    String manifest = """
        {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
         "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":7023,
                   "digest":"sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7"},
         "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":32654,
                    "digest":"sha256:%s"}]}""".formatted(sha256Like(repo.name() + ":" + tag));
    return aws.ecr.putImage(r -> r.repositoryName(repo.name()).imageManifest(manifest).imageTag(tag)).image().imageId().imageDigest();
  }

  private static String sha256Like(String seed) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ secrets

  record CreatedSecret(String arn, String name, String versionId) {
    /** The ARN without the six random characters Secrets Manager appends: a partial ARN. */
    String partialArn() {
      return arn.substring(0, arn.length() - 7);
    }
  }

  CreatedSecret secret(String name, String json) {
    var s = aws.sm.createSecret(r -> r.name(name).secretString(json).tags(t -> t.key("team").value("platform")));
    return new CreatedSecret(s.arn(), s.name(), s.versionId());
  }

  void secretPolicy(CreatedSecret secret, String policy) {
    aws.sm.putResourcePolicy(r -> r.secretId(secret.arn()).resourcePolicy(policy));
  }

  /** Deletes with a recovery window, as the console does: the secret is scheduled for deletion, still described. */
  void scheduleDeletion(CreatedSecret secret, long days) {
    aws.sm.deleteSecret(r -> r.secretId(secret.arn()).recoveryWindowInDays(days));
  }

  /** A Parameter Store parameter; returns its ARN (a name with or without a leading slash has one slash after {@code parameter}). */
  String parameter(String name, ParameterType type, String keyId, String value) {
    aws.ssm.putParameter(r -> {
      r.name(name).type(type).value(value).tier("Standard");
      if (keyId != null) r.keyId(keyId);
    });
    return arn("ssm", "parameter" + (name.startsWith("/") ? "" : "/") + name);
  }

  // ------------------------------------------------------------------ IAM

  String role(String name, String trust) {
    return aws.iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trust)
        .tags(t -> t.key("managed-by").value("terraform"))).role().arn();
  }

  void attach(String role, String policyArn) {
    aws.iam.attachRolePolicy(r -> r.roleName(role).policyArn(policyArn));
  }

  /** A customer managed policy, attached to {@code role}; returns its ARN. */
  String customerPolicy(String role, String name, String document) {
    String arn = aws.iam.createPolicy(r -> r.policyName(name).policyDocument(document)).policy().arn();
    attach(role, arn);
    return arn;
  }

  /** Replaces a role's trust policy, as someone editing it in the console does. */
  void trust(String role, String document) {
    aws.iam.updateAssumeRolePolicy(r -> r.roleName(role).policyDocument(document));
  }

  void inline(String role, String name, String document) {
    aws.iam.putRolePolicy(r -> r.roleName(role).policyName(name).policyDocument(document));
  }

  /** {@code ecs-tasks.amazonaws.com} may assume it, for tasks of this account and region only (AWS's confused-deputy guidance). */
  String ecsTasksTrust() {
    return """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},
          "Action":"sts:AssumeRole",
          "Condition":{"StringEquals":{"aws:SourceAccount":"%s"},"ArnLike":{"aws:SourceArn":"arn:aws:ecs:%s:%s:*"}}}]}"""
        .formatted(ACCOUNT, region, ACCOUNT);
  }

  /** {@code ecs-tasks.amazonaws.com} may assume it, with no condition: what CDK's {@code ServicePrincipal} and most Terraform write. */
  static String ecsTasksTrustNoCondition() {
    return """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},
          "Action":"sts:AssumeRole"}]}""";
  }

  static String ec2Trust() {
    return """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},
          "Action":"sts:AssumeRole"}]}""";
  }

  /** The runner manager: an instance with {@code role} through an instance profile of the same name. */
  String runnerHost(String name, String subnet, String group, String role) {
    aws.iam.createInstanceProfile(r -> r.instanceProfileName(role));
    aws.iam.addRoleToInstanceProfile(r -> r.instanceProfileName(role).roleName(role));
    return aws.ec2.runInstances(r -> r.imageId(RUNNER_AMI).minCount(1).maxCount(1).instanceType("t3.small")
        .subnetId(subnet).securityGroupIds(group).iamInstanceProfile(p -> p.name(role))
        .tagSpecifications(tags(ResourceType.INSTANCE, name))).instances().get(0).instanceId();
  }

  // ------------------------------------------------------------------ ECS

  String cluster(String name) {
    return aws.ecs.createCluster(r -> r.clusterName(name).settings(s -> s.name("containerInsights").value("enabled"))
        .tags(t -> t.key("team").value("platform"))).cluster().clusterArn();
  }

  /**
   * A CI job container as the Fargate driver needs it: sshd on 22, logs to CloudWatch, the shared
   * cache mounted. It reserves memory: Fargate needs only the task's, but moto's RunTask adds up
   * the containers' and fails on a container with neither {@code memory} nor {@code memoryReservation}.
   */
  ContainerDefinition.Builder jobContainer(String name, String image, String logGroup) {
    return ContainerDefinition.builder().name(name).image(image).essential(true).memoryReservation(512)
        .portMappings(p -> p.containerPort(22).protocol("tcp"))
        .mountPoints(m -> m.sourceVolume("builds").containerPath("/builds"))
        .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(java.util.Map.of(
            "awslogs-group", logGroup, "awslogs-region", region, "awslogs-stream-prefix", name)));
  }

  static KeyValuePair env(String name, String value) {
    return KeyValuePair.builder().name(name).value(value).build();
  }

  static Secret secretEnv(String name, String valueFrom) {
    return Secret.builder().name(name).valueFrom(valueFrom).build();
  }

  /**
   * A Fargate task definition ({@code awsvpc}); with {@code fs}, the EFS volume {@code builds}
   * through its access point, encrypted in transit and authorised by the task role.
   */
  String taskDefinition(String family, String executionRole, String taskRole, FileSystem fs, ContainerDefinition... containers) {
    return aws.ecs.registerTaskDefinition(r -> {
      r.family(family).networkMode(NetworkMode.AWSVPC).requiresCompatibilities(Compatibility.FARGATE)
          .cpu("1024").memory("2048").executionRoleArn(executionRole).taskRoleArn(taskRole)
          .runtimePlatform(p -> p.operatingSystemFamily("LINUX").cpuArchitecture("X86_64"))
          .containerDefinitions(containers).tags(t -> t.key("team").value("platform"));
      if (fs != null) {
        r.volumes(v -> v.name("builds").efsVolumeConfiguration(e -> e.fileSystemId(fs.id())
            .transitEncryption(EFSTransitEncryption.ENABLED)
            .authorizationConfig(a -> a.accessPointId(fs.accessPoint()).iam(EFSAuthorizationConfigIAM.ENABLED))));
      }
    }).taskDefinition().taskDefinitionArn();
  }

  String service(String cluster, String name, String taskDefinition, int desired, List<String> subnets, String group,
      AssignPublicIp publicIp) {
    return aws.ecs.createService(r -> r.cluster(cluster).serviceName(name).taskDefinition(taskDefinition).desiredCount(desired)
        .launchType(LaunchType.FARGATE).platformVersion("1.4.0")
        .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(subnets).securityGroups(group).assignPublicIp(publicIp))))
        .service().serviceArn();
  }

  /**
   * Runs tasks as the GitLab Runner Fargate driver does (one RunTask per job, in the configured
   * subnet and group, no public IP); returns their ARNs.
   */
  List<String> runJobs(String cluster, String taskDefinition, String subnet, String group, int count) {
    List<String> arns = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      arns.add(runTask(cluster, taskDefinition, subnet, group, "gitlab-runner", "family:" + family(taskDefinition)));
    }
    return arns;
  }

  /**
   * A task a service started. moto starts no tasks for services, so the test starts it the way ECS
   * does (group {@code service:NAME}, started by the service's deployment).
   */
  String serviceTask(String cluster, String service, String taskDefinition, String subnet, String group) {
    return runTask(cluster, taskDefinition, subnet, group, "ecs-svc/1234567890123456789", "service:" + service);
  }

  private String runTask(String cluster, String taskDefinition, String subnet, String group, String startedBy, String taskGroup) {
    return aws.ecs.runTask(r -> r.cluster(cluster).taskDefinition(taskDefinition).launchType(LaunchType.FARGATE)
        .platformVersion("1.4.0").count(1).startedBy(startedBy).group(taskGroup)
        .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(subnet).securityGroups(group)
            .assignPublicIp(AssignPublicIp.DISABLED)))).tasks().get(0).taskArn();
  }

  /**
   * Gives a running task's network interface a public IP. Fargate gives one to a task started
   * with {@code assignPublicIp: ENABLED}; moto does not, so an Elastic IP associated with the
   * task's interface stands in for it (DescribeNetworkInterfaces shows both the same way).
   */
  String publicIp(String cluster, String task) {
    String eni = aws.ecs.describeTasks(r -> r.cluster(cluster).tasks(task)).tasks().get(0).attachments().get(0).details().stream()
        .filter(d -> d.name().equals("networkInterfaceId")).findFirst().orElseThrow().value();
    var eip = aws.ec2.allocateAddress(r -> r.domain("vpc"));
    aws.ec2.associateAddress(r -> r.allocationId(eip.allocationId()).networkInterfaceId(eni));
    return eip.publicIp();
  }

  static String family(String taskDefinitionArn) {
    String s = taskDefinitionArn.substring(taskDefinitionArn.indexOf('/') + 1);
    return s.substring(0, s.lastIndexOf(':'));
  }

  static TagSpecification tags(ResourceType type, String name) {
    return TagSpecification.builder().resourceType(type)
        .tags(Tag.builder().key("Name").value(name).build(), Tag.builder().key("managed-by").value("terraform").build()).build();
  }

  @Override
  public void close() {
    aws.close();
  }
}
