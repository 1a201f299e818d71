package dev.fargateciaudit.collect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.EFSTransitEncryption;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;

/**
 * The estate of {@code examples/blog-setup} or {@code examples/hardened} (see examples/README.md),
 * rebuilt in moto with the SDK's create calls (one RunTask per CI subnet, because moto places
 * every task of one RunTask in its first subnet, where AWS spreads them); policy documents are taken from the example's
 * inventory so both say the same thing. Writes an {@code audit.yml} and {@code fargate.toml}
 * naming moto's ids, as the example's do for its own.
 */
final class ExampleEstate {
  private ExampleEstate() {}

  /** Builds the estate and writes its config; returns the audit.yml path. */
  static Path build(Estate e, boolean hardened, Path dir) throws IOException {
    JsonNode example = Mappers.json().readTree(Path.of("examples", hardened ? "hardened" : "blog-setup", "inventory.json").toFile());
    var ec2 = e.ec2;
    String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
    ec2.modifyVpcAttribute(r -> r.vpcId(vpc).enableDnsHostnames(AttributeBooleanValue.builder().value(true).build()));
    List<String> publicSubnets = new ArrayList<>();
    List<String> ciSubnets = new ArrayList<>();
    for (String[] s : new String[][] {{"10.0.0.0/24", "a"}, {"10.0.1.0/24", "b"}}) {
      String id = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock(s[0]).availabilityZone("eu-west-2" + s[1])).subnet().subnetId();
      ec2.modifySubnetAttribute(r -> r.subnetId(id).mapPublicIpOnLaunch(AttributeBooleanValue.builder().value(true).build()));
      publicSubnets.add(id);
    }
    for (String[] s : new String[][] {{"10.0.16.0/20", "a"}, {"10.0.32.0/20", "b"}}) {
      ciSubnets.add(ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock(s[0]).availabilityZone("eu-west-2" + s[1])).subnet().subnetId());
    }
    String igw = ec2.createInternetGateway().internetGateway().internetGatewayId();
    ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
    String publicRt = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
    ec2.createRoute(r -> r.routeTableId(publicRt).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
    publicSubnets.forEach(s -> ec2.associateRouteTable(r -> r.routeTableId(publicRt).subnetId(s)));
    String ciRt = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
    String egressIp = null;
    if (hardened) {
      var eip = ec2.allocateAddress(r -> r.domain("vpc"));
      egressIp = eip.publicIp();
      String nat = ec2.createNatGateway(r -> r.subnetId(publicSubnets.get(0)).allocationId(eip.allocationId())).natGateway().natGatewayId();
      ec2.createRoute(r -> r.routeTableId(ciRt).destinationCidrBlock("0.0.0.0/0").natGatewayId(nat));
    } else {
      ec2.createRoute(r -> r.routeTableId(ciRt).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
    }
    ciSubnets.forEach(s -> ec2.associateRouteTable(r -> r.routeTableId(ciRt).subnetId(s)));

    String runnerSg = group(e, vpc, "gitlab-runner", "GitLab Runner manager");
    String taskSg = group(e, vpc, "gitlab-ci-tasks", "Fargate CI tasks");
    String efsSg = group(e, vpc, "gitlab-ci-efs", "EFS mount targets for CI");
    String bastionSg = group(e, vpc, "ops-bastion", "Ops bastion");
    ingress(e, runnerSg, tcp(22).ipRanges(c -> c.cidrIp("198.51.100.0/24")).build());
    ingress(e, bastionSg, tcp(22).ipRanges(c -> c.cidrIp("0.0.0.0/0")).build());
    if (hardened) {
      ingress(e, taskSg, tcp(22).userIdGroupPairs(g -> g.groupId(runnerSg)).build());
      ingress(e, efsSg, tcp(2049).userIdGroupPairs(g -> g.groupId(taskSg)).build());
    } else {
      ingress(e, taskSg, tcp(22).userIdGroupPairs(g -> g.groupId(runnerSg)).build(),
          tcp(2049).ipRanges(c -> c.cidrIp("10.0.16.0/20")).build());
      ingress(e, efsSg, tcp(2049).ipRanges(c -> c.cidrIp("10.0.0.0/16")).build());
    }

    String secretArn = e.sm.createSecret(r -> r.name("ci/dockerhub-login").secretString("{\"username\":\"u\",\"password\":\"p\"}")).arn();
    String exampleSecret = example.path("secrets").get(0).path("arn").asText();
    String fs = e.efs.createFileSystem(r -> r.creationToken("gitlab-ci-shared").encrypted(true)).fileSystemId();
    ciSubnets.forEach(s -> e.efs.createMountTarget(r -> r.fileSystemId(fs).subnetId(s).securityGroups(efsSg)));
    String accessPoint = hardened ? e.efs.createAccessPoint(r -> r.fileSystemId(fs)
        .rootDirectory(d -> d.path("/ci-cache")).posixUser(u -> u.uid(1000L).gid(1000L))).accessPointId() : null;

    String executionRole = null;
    for (JsonNode role : example.path("iamRoles")) {
      String name = role.path("name").asText();
      String arn = e.iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(role.path("assumeRolePolicy").toString())).role().arn();
      if (!name.equals("gitlab-runner")) executionRole = arn;
      for (JsonNode p : role.path("attachedPolicies")) {
        String policyArn = p.path("arn").asText();
        if (!p.path("awsManaged").asBoolean()) {
          e.iam.createPolicy(r -> r.policyName(p.path("name").asText()).policyDocument(p.path("document").toString()));
        }
        e.iam.attachRolePolicy(r -> r.roleName(name).policyArn(policyArn));
      }
      for (JsonNode p : role.path("inlinePolicies")) {
        String doc = p.path("document").toString().replace(exampleSecret, secretArn);
        e.iam.putRolePolicy(r -> r.roleName(name).policyName(p.path("name").asText()).policyDocument(doc));
      }
    }
    e.iam.createInstanceProfile(r -> r.instanceProfileName("gitlab-runner"));
    e.iam.addRoleToInstanceProfile(r -> r.instanceProfileName("gitlab-runner").roleName("gitlab-runner"));
    String ami = ec2.describeImages(r -> r.owners("amazon")).images().get(0).imageId();
    instance(e, ami, publicSubnets.get(0), runnerSg, "gitlab-runner-manager", "gitlab-runner");
    instance(e, ami, publicSubnets.get(1), bastionSg, "ops-bastion", null);

    JsonNode td = example.path("taskDefinitions").get(0);
    JsonNode c = td.path("containers").get(0);
    JsonNode volume = td.path("volumes").get(0);
    String cluster = e.ecs.createCluster(r -> r.clusterName("gitlab-ci")).cluster().clusterArn();
    List<software.amazon.awssdk.services.ecs.model.PortMapping> ports = new ArrayList<>();
    c.path("portMappings").forEach(p -> ports.add(software.amazon.awssdk.services.ecs.model.PortMapping.builder()
        .containerPort(p.path("containerPort").asInt()).hostPort(p.path("hostPort").asInt()).protocol("tcp").build()));
    ContainerDefinition container = ContainerDefinition.builder().name(c.path("name").asText()).image(c.path("image").asText())
        .memory(2048).essential(true).repositoryCredentials(r -> r.credentialsParameter(secretArn)).portMappings(ports)
        .environment(v -> v.name("TZ").value("Europe/London"))
        .mountPoints(m -> m.sourceVolume(volume.path("name").asText()).containerPath("/mnt/efs").readOnly(false))
        .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS)).build();
    String role = executionRole;
    String tdArn = e.ecs.registerTaskDefinition(r -> r.family(td.path("family").asText()).networkMode(NetworkMode.AWSVPC)
        .requiresCompatibilities(Compatibility.FARGATE).cpu(td.path("cpu").asText()).memory(td.path("memory").asText())
        .executionRoleArn(role).containerDefinitions(container)
        .volumes(v -> v.name(volume.path("name").asText()).efsVolumeConfiguration(ef -> {
          ef.fileSystemId(fs).rootDirectory("/");
          if (hardened) {
            ef.transitEncryption(EFSTransitEncryption.ENABLED).authorizationConfig(a -> a.accessPointId(accessPoint).iam("DISABLED"));
          }
        }))).taskDefinition().taskDefinitionArn();
    if (hardened) {
      for (String subnet : ciSubnets) {
        e.ecs.runTask(r -> r.cluster(cluster).taskDefinition(tdArn).launchType(LaunchType.FARGATE).count(1)
            .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(subnet).securityGroups(taskSg)
                .assignPublicIp(AssignPublicIp.DISABLED))));
      }
    }

    Files.writeString(dir.resolve("fargate.toml"), "[Fargate]\n  Cluster = \"gitlab-ci\"\n  Region = \"eu-west-2\"\n"
        + "  Subnet = \"" + ciSubnets.get(0) + "\"\n  SecurityGroup = \"" + taskSg + "\"\n"
        + "  TaskDefinition = \"" + Arns.taskDefinitionKey(tdArn) + "\"\n  EnablePublicIP = false\n  UsePublicIP = false\n"
        + "  PlatformVersion = \"1.4.0\"\n\n[SSH]\n  Username = \"root\"\n  Port = 22\n");
    Path config = dir.resolve("audit.yml");
    Files.writeString(config, "regions: [eu-west-2]\naccounts:\n  - id: \"" + Estate.ACCOUNT + "\"\n"
        + "ci:\n  clusters: [gitlab-ci]\n  taskDefinitionFamilies: [gitlab-ci-*]\n  runnerConfig: fargate.toml\n"
        + "  runnerRole: arn:aws:iam::" + Estate.ACCOUNT + ":role/gitlab-runner\n"
        + "network:\n" + (egressIp == null ? "" : "  expectedEgressIps: [" + egressIp + "]\n")
        + "  sshSources: [" + runnerSg + "]\n  nfsSources: [" + taskSg + "]\n"
        + "images:\n  allowedRegistries: [docker.io/my-organisation]\n");
    return config;
  }

  private static IpPermission.Builder tcp(int port) {
    return IpPermission.builder().ipProtocol("tcp").fromPort(port).toPort(port);
  }

  private static String group(Estate e, String vpc, String name, String description) {
    return e.ec2.createSecurityGroup(r -> r.groupName(name).description(description).vpcId(vpc)
        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP)
            .tags(Tag.builder().key("Name").value(name).build()).build())).groupId();
  }

  private static void ingress(Estate e, String group, IpPermission... permissions) {
    e.ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(permissions));
  }

  private static void instance(Estate e, String ami, String subnet, String sg, String name, String profile) {
    e.ec2.runInstances(r -> {
      r.imageId(ami).minCount(1).maxCount(1).instanceType("t3.micro").subnetId(subnet).securityGroupIds(sg)
          .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
              .tags(Tag.builder().key("Name").value(name).build()).build());
      if (profile != null) r.iamInstanceProfile(p -> p.name(profile));
    });
  }
}
