package dev.fargateciaudit.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.config.ConfigLoader;
import dev.fargateciaudit.config.RunnerConfigReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bundled example estates load, round-trip, and show (or avoid) the blog post's mistakes. */
class ExampleEstatesTest {

  private static final Path EXAMPLES = Path.of("examples");

  @TempDir Path tmp;

  private static Inventory load(String example) {
    return InventoryJson.load(EXAMPLES.resolve(example).resolve("inventory.json"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"blog-setup", "hardened"})
  void loadsAndRoundTripsExactly(String example) throws IOException {
    Inventory first = load(example);
    Path copy = tmp.resolve(example + ".json");
    InventoryJson.save(first, copy);
    Inventory second = InventoryJson.load(copy);

    assertThat(second).isEqualTo(first);
    assertThat(first.meta().accountId()).isEqualTo("123456789012");
    assertThat(first.meta().regions()).containsExactly("eu-west-2");
    assertThat(first.meta().source()).isEqualTo("example");
    assertThat(first.meta().apiCalls()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"blog-setup", "hardened"})
  void configAndRunnerConfigLoadAndAgreeWithTheInventory(String example) {
    Path dir = EXAMPLES.resolve(example);
    AuditConfig cfg = ConfigLoader.load(dir.resolve("audit.yml"));
    assertThat(cfg.ci().runnerConfig()).isEqualTo("fargate.toml");
    assertThat(cfg.ci().clusters()).containsExactly("gitlab-ci");

    RunnerConfig toml = RunnerConfigReader.read(dir.resolve("fargate.toml"), "config");
    RunnerConfig snap = load(example).runnerConfig();
    assertThat(toml.enablePublicIp()).isFalse();
    assertThat(snap.source().kind()).isEqualTo("config");
    assertThat(snap.source().file()).isEqualTo("fargate.toml");
    assertThat(List.of(toml.cluster(), toml.region(), toml.subnet(), toml.securityGroup(), toml.taskDefinition(),
            toml.enablePublicIp(), toml.usePublicIp(), toml.platformVersion(), toml.sshPort(), toml.sshUsername()))
        .containsExactly(snap.cluster(), snap.region(), snap.subnet(), snap.securityGroup(), snap.taskDefinition(),
            snap.enablePublicIp(), snap.usePublicIp(), snap.platformVersion(), snap.sshPort(), snap.sshUsername());

    Inventory inv = load(example);
    assertThat(inv.subnets()).extracting(Subnet::id).contains(toml.subnet());
    assertThat(inv.securityGroups()).extracting(SecurityGroup::id).contains(toml.securityGroup());
    assertThat(inv.taskDefinitions()).extracting(td -> td.family() + ":" + td.revision())
        .contains(toml.taskDefinition());
  }

  @ParameterizedTest
  @ValueSource(strings = {"blog-setup", "hardened"})
  void idsAreRealFormatsAndReferencesResolve(String example) {
    Inventory inv = load(example);
    assertThat(inv.subnets()).allSatisfy(s -> assertThat(s.id()).matches("subnet-[0-9a-f]{17}"));
    assertThat(inv.securityGroups()).allSatisfy(s -> assertThat(s.id()).matches("sg-[0-9a-f]{17}"));
    assertThat(inv.networkInterfaces()).allSatisfy(e -> assertThat(e.id()).matches("eni-[0-9a-f]{17}"));
    assertThat(inv.routeTables()).allSatisfy(r -> assertThat(r.id()).matches("rtb-[0-9a-f]{17}"));
    assertThat(inv.instances()).allSatisfy(i -> assertThat(i.id()).matches("i-[0-9a-f]{17}"));
    assertThat(inv.vpcs()).singleElement().satisfies(v -> assertThat(v.cidrBlock()).isEqualTo("10.0.0.0/16"));
    assertThat(inv.subnets()).extracting(Subnet::availabilityZone)
        .containsExactlyInAnyOrder("eu-west-2a", "eu-west-2b", "eu-west-2a", "eu-west-2b");
    assertThat(inv.routeTables()).filteredOn(RouteTable::main).hasSize(1);

    Set<String> subnetIds = ids(inv.subnets(), Subnet::id);
    Set<String> sgIds = ids(inv.securityGroups(), SecurityGroup::id);
    Set<String> eniIds = ids(inv.networkInterfaces(), NetworkInterface::id);
    assertThat(inv.routeTables()).flatExtracting(RouteTable::subnetIds).allMatch(subnetIds::contains);
    assertThat(inv.efsMountTargets()).hasSize(2).allSatisfy(mt -> {
      assertThat(subnetIds).contains(mt.subnetId());
      assertThat(eniIds).contains(mt.networkInterfaceId());
      assertThat(sgIds).containsAll(mt.securityGroupIds());
    });
    assertThat(inv.efsMountTargets()).extracting(EfsMountTarget::availabilityZone)
        .containsExactlyInAnyOrder("eu-west-2a", "eu-west-2b");

    Ec2Instance runner = inv.instances().stream()
        .filter(i -> i.instanceProfileArn() != null).findFirst().orElseThrow();
    IamInstanceProfile profile = inv.iamInstanceProfiles().stream()
        .filter(p -> p.arn().equals(runner.instanceProfileArn())).findFirst().orElseThrow();
    assertThat(ids(inv.iamRoles(), IamRole::arn)).containsAll(profile.roleArns());

    TaskDefinition td = inv.taskDefinitions().get(0);
    assertThat(td.networkMode()).isEqualTo("awsvpc");
    assertThat(td.requiresCompatibilities()).contains("FARGATE");
    assertThat(ids(inv.iamRoles(), IamRole::arn)).contains(td.executionRoleArn());
    ContainerDefinition c = td.containers().get(0);
    assertThat(ids(inv.secrets(), SecretMetadata::arn)).contains(c.repositoryCredentialsParameter());
    assertThat(c.mountPoints()).extracting(MountPoint::sourceVolume)
        .allMatch(v -> td.volumes().stream().anyMatch(vol -> vol.name().equals(v) && vol.efs() != null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"blog-setup", "hardened"})
  void noPlaintextEnvironmentVariableLooksSecret(String example) {
    assertThat(load(example).taskDefinitions())
        .flatExtracting(TaskDefinition::containers)
        .flatExtracting(ContainerDefinition::environment)
        .allSatisfy(v -> assertThat(SecretClassifier.looksSecret(v.classification())).as(v.name()).isFalse());
  }

  @ParameterizedTest
  @ValueSource(strings = {"blog-setup", "hardened"})
  void bastionGroupWithOpenSshIsNotAttachedToTheCiEstate(String example) {
    Inventory inv = load(example);
    Set<String> open = inv.securityGroups().stream()
        .filter(g -> g.inbound().stream().anyMatch(r -> "0.0.0.0/0".equals(r.source())))
        .map(SecurityGroup::id).collect(Collectors.toSet());
    assertThat(open).hasSize(1);
    Set<String> ciSubnets = ciSubnets(inv);
    Set<String> ciTaskEnis = inv.ecsTasks().stream().flatMap(t -> t.enis().stream())
        .map(TaskEniAttachment::networkInterfaceId).collect(Collectors.toSet());
    Set<String> ciGroups = Stream.concat(
            Stream.of(inv.runnerConfig().securityGroup()),
            Stream.concat(
                inv.efsMountTargets().stream().flatMap(mt -> mt.securityGroupIds().stream()),
                inv.networkInterfaces().stream().filter(e -> ciTaskEnis.contains(e.id()))
                    .flatMap(e -> e.securityGroupIds().stream())))
        .collect(Collectors.toSet());
    assertThat(ciGroups).doesNotContainAnyElementsOf(open);
    assertThat(inv.instances()).filteredOn(i -> i.securityGroupIds().stream().anyMatch(open::contains))
        .allSatisfy(i -> assertThat(ciSubnets).doesNotContain(i.subnetId()));
  }

  @Test
  void blogRoutesTheCiSubnetToTheInternetGatewayWithNoNat() {
    Inventory inv = load("blog-setup");
    assertThat(inv.natGateways()).isEmpty();
    Set<String> igws = ids(inv.internetGateways(), InternetGateway::id);
    assertThat(ciSubnets(inv)).isNotEmpty().allSatisfy(s -> {
      Route r = defaultRoute(inv, s).orElseThrow();
      assertThat(r.targetKind()).isEqualTo("igw");
      assertThat(igws).contains(r.targetId());
    });
    assertThat(inv.runnerConfig().enablePublicIp()).isFalse();
  }

  @Test
  void blogCarriesEveryMistakeOfThePost() {
    Inventory inv = load("blog-setup");
    TaskDefinition td = inv.taskDefinitions().get(0);
    IamRole exec = role(inv, td.executionRoleArn());
    assertThat(exec.attachedPolicies()).extracting(AttachedPolicy::name).containsExactlyInAnyOrder(
        "SecretsManagerReadWrite", "AmazonS3FullAccess", "AmazonECSTaskExecutionRolePolicy", "ReadSecrets");
    assertThat(exec.attachedPolicies()).allSatisfy(p -> assertThat(p.document().path("Statement").isArray()).isTrue());
    AttachedPolicy readSecrets = exec.attachedPolicies().stream()
        .filter(p -> p.name().equals("ReadSecrets")).findFirst().orElseThrow();
    assertThat(readSecrets.awsManaged()).isFalse();
    assertThat(readSecrets.document().at("/Statement/0/Resource").asText()).isEqualTo("*");
    assertThat(exec.assumeRolePolicy().path("Version").asText()).isEqualTo("2008-10-17");
    assertThat(exec.assumeRolePolicy().at("/Statement/0/Principal/Service").asText())
        .isEqualTo("ecs-tasks.amazonaws.com");
    assertThat(exec.assumeRolePolicy().at("/Statement/0/Condition").isMissingNode()).isTrue();

    assertThat(inv.iamRoles()).flatExtracting(IamRole::attachedPolicies).extracting(AttachedPolicy::name)
        .contains("AmazonECS_FullAccess");

    ContainerDefinition c = td.containers().get(0);
    assertThat(c.image()).isEqualTo("my-organisation/my-image:latest");
    assertThat(c.portMappings()).extracting(PortMapping::containerPort).containsExactlyInAnyOrder(22, 2049);
    assertThat(td.volumes().get(0).efs().transitEncryption()).isNull();

    SecurityGroup taskSg = sg(inv, inv.runnerConfig().securityGroup());
    assertThat(taskSg.inbound()).extracting(SecurityGroupRule::fromPort).containsExactlyInAnyOrder(22, 2049);
  }

  @Test
  void hardenedEgressesThroughOneNatWithTheExpectedElasticIp() {
    Inventory inv = load("hardened");
    Map<String, NatGateway> nats = inv.natGateways().stream()
        .collect(Collectors.toMap(NatGateway::id, Function.identity()));
    Set<String> ci = ciSubnets(inv);
    assertThat(ci).hasSize(2);
    assertThat(ci).allSatisfy(s -> {
      Route r = defaultRoute(inv, s).orElseThrow();
      assertThat(r.targetKind()).isEqualTo("nat");
      NatGateway nat = nats.get(r.targetId());
      assertThat(nat).isNotNull();
      assertThat(nat.state()).isEqualTo("available");
      assertThat(nat.addresses()).extracting(NatGatewayAddress::publicIp).containsExactly("203.0.113.10");
      assertThat(defaultRoute(inv, nat.subnetId()).orElseThrow().targetKind()).isEqualTo("igw");
      assertThat(inv.subnets()).filteredOn(sub -> sub.id().equals(s))
          .allSatisfy(sub -> assertThat(sub.mapPublicIpOnLaunch()).isFalse());
    });
    assertThat(inv.elasticIps()).extracting(ElasticIp::publicIp).containsExactly("203.0.113.10");
    AuditConfig cfg = ConfigLoader.load(EXAMPLES.resolve("hardened/audit.yml"));
    assertThat(cfg.network().expectedEgressIps()).containsExactly("203.0.113.10");
  }

  @Test
  void hardenedRunsTwoPrivateTasksAndDoesItRight() {
    Inventory inv = load("hardened");
    Set<String> ci = ciSubnets(inv);
    Map<String, NetworkInterface> enis = inv.networkInterfaces().stream()
        .collect(Collectors.toMap(NetworkInterface::id, Function.identity()));
    assertThat(inv.ecsTasks()).hasSize(2).allSatisfy(t -> {
      assertThat(t.lastStatus()).isEqualTo("RUNNING");
      assertThat(t.launchType()).isEqualTo("FARGATE");
      assertThat(t.enis()).singleElement().satisfies(a -> {
        assertThat(ci).contains(a.subnetId());
        assertThat(enis.get(a.networkInterfaceId()).publicIp()).isNull();
      });
    });

    TaskDefinition td = inv.taskDefinitions().get(0);
    ContainerDefinition c = td.containers().get(0);
    assertThat(c.image()).doesNotEndWith(":latest").contains("@sha256:");
    assertThat(c.portMappings()).extracting(PortMapping::containerPort).containsExactly(22);
    assertThat(td.volumes().get(0).efs().transitEncryption()).isEqualTo("ENABLED");
    assertThat(inv.efsFileSystems()).allSatisfy(fs -> assertThat(fs.encrypted()).isTrue());

    SecurityGroup taskSg = sg(inv, inv.runnerConfig().securityGroup());
    String runnerSg = inv.instances().stream().filter(i -> i.instanceProfileArn() != null)
        .findFirst().orElseThrow().securityGroupIds().get(0);
    assertThat(taskSg.inbound()).singleElement().satisfies(r -> {
      assertThat(List.of(r.protocol(), r.fromPort(), r.toPort(), r.sourceKind(), r.source()))
          .containsExactly("tcp", 22, 22, "sg", runnerSg);
    });
    Set<String> efsGroups = inv.efsMountTargets().stream()
        .flatMap(mt -> mt.securityGroupIds().stream()).collect(Collectors.toSet());
    assertThat(efsGroups).singleElement().satisfies(id -> assertThat(sg(inv, id).inbound()).singleElement().satisfies(r ->
            assertThat(List.of(r.protocol(), r.fromPort(), r.toPort(), r.sourceKind(), r.source()))
                .containsExactly("tcp", 2049, 2049, "sg", taskSg.id())));

    IamRole exec = role(inv, td.executionRoleArn());
    assertThat(exec.attachedPolicies()).extracting(AttachedPolicy::name)
        .containsExactly("AmazonECSTaskExecutionRolePolicy");
    assertThat(exec.inlinePolicies()).singleElement().satisfies(p ->
        assertThat(p.document().at("/Statement/0/Resource").asText()).isEqualTo(c.repositoryCredentialsParameter()));
    assertThat(exec.assumeRolePolicy().at("/Statement/0/Condition/StringEquals/aws:SourceAccount").asText())
        .isEqualTo("123456789012");
  }

  private static Set<String> ciSubnets(Inventory inv) {
    Set<String> out = inv.ecsTasks().stream().flatMap(t -> t.enis().stream())
        .map(TaskEniAttachment::subnetId).collect(Collectors.toCollection(java.util.TreeSet::new));
    out.add(inv.runnerConfig().subnet());
    return out;
  }

  /** The IPv4 default route of the table associated with the subnet, else of the main table. */
  private static Optional<Route> defaultRoute(Inventory inv, String subnetId) {
    RouteTable table = inv.routeTables().stream().filter(t -> t.subnetIds().contains(subnetId)).findFirst()
        .orElseGet(() -> inv.routeTables().stream().filter(RouteTable::main).findFirst().orElseThrow());
    return table.routes().stream().filter(r -> "0.0.0.0/0".equals(r.destinationCidr())).findFirst();
  }

  private static IamRole role(Inventory inv, String arn) {
    return inv.iamRoles().stream().filter(r -> r.arn().equals(arn)).findFirst().orElseThrow();
  }

  private static SecurityGroup sg(Inventory inv, String id) {
    return inv.securityGroups().stream().filter(g -> g.id().equals(id)).findFirst().orElseThrow();
  }

  private static <T> Set<String> ids(List<T> items, Function<T, String> id) {
    return items.stream().map(id).collect(Collectors.toSet());
  }
}
