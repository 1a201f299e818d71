package dev.fargateciaudit.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.inventory.AttachedPolicy;
import dev.fargateciaudit.inventory.ContainerDefinition;
import dev.fargateciaudit.inventory.IamRole;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryJson;
import dev.fargateciaudit.inventory.NatGateway;
import dev.fargateciaudit.inventory.NetworkInterface;
import dev.fargateciaudit.inventory.Route;
import dev.fargateciaudit.inventory.RouteTable;
import dev.fargateciaudit.inventory.SecurityGroup;
import dev.fargateciaudit.inventory.SecurityGroupRule;
import dev.fargateciaudit.inventory.Subnet;
import dev.fargateciaudit.inventory.TaskDefinition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticEstateTest {
  private static final int N = 5000;
  private static Inventory inventory;

  @BeforeAll
  static void generateOnce(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("synth.json");
    new SyntheticEstate(new SynthSpec(N, 42), "test").write(file);
    inventory = InventoryJson.load(file);
  }

  private static byte[] bytes(int scale, long seed) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new SyntheticEstate(new SynthSpec(scale, seed), "test").write(out);
    return out.toByteArray();
  }

  @Test
  void sameSeedGivesTheSameBytesAndAnotherSeedDoesNot() throws IOException {
    byte[] first = bytes(500, 7);
    assertThat(bytes(500, 7)).isEqualTo(first);
    assertThat(Arrays.equals(bytes(500, 8), first)).isFalse();
  }

  @Test
  void streamedFileIsExactlyTheCompactSerialisationOfTheEstate() throws IOException {
    SyntheticEstate estate = new SyntheticEstate(new SynthSpec(300, 3), "test");
    byte[] streamed = bytes(300, 3);
    assertThat(new String(streamed, StandardCharsets.UTF_8))
        .isEqualTo(new String(SyntheticEstate.compactWriter().writeValueAsBytes(estate.build()), StandardCharsets.UTF_8));
  }

  @Test
  void loadsAndRoundTripsThroughTheSnapshotContract() {
    Inventory again = InventoryJson.read("again.json",
        InventoryJson.toJson(inventory).getBytes(StandardCharsets.UTF_8));
    assertThat(again).isEqualTo(inventory);
    assertThat(inventory.meta().source()).isEqualTo("synthetic");
    assertThat(inventory).isEqualTo(new SyntheticEstate(new SynthSpec(N, 42), "test").build());
  }

  @Test
  void hasTheRequestedCounts() {
    assertThat(inventory.taskDefinitions()).hasSize(N);
    assertThat(inventory.ecsServices()).hasSize(N / 2);
    assertThat(inventory.ecsTasks()).hasSize(2 * N);
    assertThat(inventory.securityGroups()).hasSize(N / 5);
    assertThat(inventory.subnets()).hasSize(N / 10);
    assertThat(inventory.iamRoles()).hasSize(N / 2);
    double rulesPerGroup = inventory.securityGroups().stream()
        .mapToInt(g -> g.inbound().size() + g.outbound().size()).average().orElse(0);
    assertThat(rulesPerGroup).isBetween(9.0, 11.0);
    assertThat(inventory.iamRoles()).allSatisfy(r ->
        assertThat(r.attachedPolicies().size() + r.inlinePolicies().size()).isEqualTo(3));
    Set<String> associated = inventory.routeTables().stream()
        .flatMap(t -> t.subnetIds().stream()).collect(Collectors.toSet());
    assertThat(associated).containsAll(inventory.subnets().stream().map(Subnet::id).toList());
    assertThat(inventory.natGateways()).isNotEmpty().allSatisfy(n -> assertThat(n.addresses()).isNotEmpty());
    assertThat(inventory.elasticIps()).hasSameSizeAs(inventory.natGateways());
    assertThat(inventory.efsFileSystems()).isNotEmpty();
    assertThat(inventory.efsMountTargets()).isNotEmpty();
    assertThat(inventory.secrets()).hasSize(N / 10);
    assertThat(inventory.ecrRepositories()).hasSize(N / 100);
    assertThat(inventory.runnerConfig()).isNotNull();
    assertThat(inventory.instances()).isNotEmpty();
  }

  @Test
  void referencesResolveInsideTheEstate() {
    Set<String> subnets = ids(inventory.subnets().stream().map(Subnet::id).toList());
    Set<String> groups = ids(inventory.securityGroups().stream().map(SecurityGroup::id).toList());
    Set<String> taskDefs = ids(inventory.taskDefinitions().stream().map(TaskDefinition::arn).toList());
    Set<String> roles = ids(inventory.iamRoles().stream().map(IamRole::arn).toList());
    Set<String> enis = ids(inventory.networkInterfaces().stream().map(NetworkInterface::id).toList());
    assertThat(inventory.ecsServices()).allSatisfy(s -> {
      assertThat(taskDefs).contains(s.taskDefinitionArn());
      assertThat(subnets).containsAll(s.network().subnets());
      assertThat(groups).containsAll(s.network().securityGroups());
    });
    assertThat(inventory.ecsTasks()).allSatisfy(t -> {
      assertThat(taskDefs).contains(t.taskDefinitionArn());
      assertThat(enis).contains(t.enis().get(0).networkInterfaceId());
    });
    assertThat(inventory.taskDefinitions()).allSatisfy(t -> {
      assertThat(roles).contains(t.executionRoleArn());
      if (t.taskRoleArn() != null) assertThat(roles).contains(t.taskRoleArn());
    });
    assertThat(inventory.natGateways()).allSatisfy(n -> assertThat(subnets).contains(n.subnetId()));
  }

  private static Set<String> ids(List<String> list) {
    assertThat(Set.copyOf(list)).as("ids are unique").hasSize(list.size());
    return Set.copyOf(list);
  }

  @Test
  void aboutOneInTenItemsOfEachAreaIsNonCompliant() {
    Set<String> natSubnets = inventory.natGateways().stream().map(NatGateway::subnetId).collect(Collectors.toSet());
    Map<String, RouteTable> tableOf = new HashMap<>();
    for (RouteTable t : inventory.routeTables()) for (String s : t.subnetIds()) tableOf.put(s, t);
    List<Subnet> ciSubnets = inventory.subnets().stream().filter(s -> !natSubnets.contains(s.id())).toList();
    assertProportion("CI subnets", ciSubnets, s -> {
      List<Route> routes = tableOf.get(s.id()).routes();
      return s.mapPublicIpOnLaunch()
          || routes.stream().anyMatch(r -> "::/0".equals(r.destinationIpv6Cidr()) || "blackhole".equals(r.state()))
          || routes.stream().anyMatch(r -> "0.0.0.0/0".equals(r.destinationCidr()) && "igw".equals(r.targetKind()));
    });

    assertProportion("security groups", inventory.securityGroups(),
        g -> g.inbound().stream().anyMatch(SyntheticEstateTest::tooOpen));

    assertProportion("task definitions", inventory.taskDefinitions(), t -> {
      ContainerDefinition c = t.containers().get(0);
      return c.image().endsWith(":latest")
          || (c.image().startsWith("docker.io/") && c.repositoryCredentialsParameter() == null)
          || c.environment().stream().anyMatch(e -> !"plain".equals(e.classification()))
          || c.portMappings().stream().anyMatch(p -> p.containerPort() == 2049)
          || Boolean.TRUE.equals(c.privileged())
          || t.volumes().stream().anyMatch(v -> "DISABLED".equals(v.efs().transitEncryption()))
          || t.taskRoleArn() == null;
    });

    assertProportion("services", inventory.ecsServices(), s ->
        "ENABLED".equals(s.network().assignPublicIp()) || s.network().subnets().stream().anyMatch(natSubnets::contains));

    List<NetworkInterface> taskEnis = inventory.networkInterfaces().stream()
        .filter(e -> e.description() != null && e.description().contains(":attachment/")).toList();
    assertThat(taskEnis).hasSize(2 * N);
    assertProportion("task ENIs", taskEnis, e -> e.publicIp() != null);

    assertProportion("IAM roles", inventory.iamRoles(), SyntheticEstateTest::overPrivileged);
  }

  private static boolean tooOpen(SecurityGroupRule r) {
    return "0.0.0.0/0".equals(r.source()) || "::/0".equals(r.source()) || "-1".equals(r.protocol())
        || (r.fromPort() != null && !r.fromPort().equals(r.toPort()));
  }

  private static boolean overPrivileged(IamRole role) {
    if (role.attachedPolicies().stream().map(AttachedPolicy::name)
        .anyMatch(n -> n.endsWith("FullAccess") || n.endsWith("ReadWrite"))) {
      return true;
    }
    JsonNode trust = role.assumeRolePolicy().get("Statement").get(0);
    if (trust.path("Principal").has("AWS") || (trust.path("Principal").has("Service")
        && trust.path("Principal").get("Service").asText().startsWith("ecs-tasks") && !trust.has("Condition"))) {
      return true;
    }
    List<JsonNode> docs = new java.util.ArrayList<>();
    role.attachedPolicies().forEach(p -> docs.add(p.document()));
    role.inlinePolicies().forEach(p -> docs.add(p.document()));
    return docs.stream().filter(d -> d != null)
        .flatMap(d -> StreamSupport.stream(d.get("Statement").spliterator(), false))
        .anyMatch(s -> s.has("NotAction") || values(s.get("Action")).contains("*")
            || ("*".equals(s.path("Resource").asText()) && values(s.get("Action")).stream()
                .anyMatch(a -> a.equals("secretsmanager:GetSecretValue") || a.equals("iam:PassRole"))));
  }


  private static List<String> values(JsonNode n) {
    if (n == null) return List.of();
    if (n.isTextual()) return List.of(n.asText());
    return StreamSupport.stream(n.spliterator(), false).map(JsonNode::asText).toList();
  }

  private static <T> void assertProportion(String area, List<T> items, Predicate<T> failing) {
    long bad = items.stream().filter(failing).count();
    double share = (double) bad / items.size();
    assertThat(share).as("share of non-compliant %s (%d of %d)", area, bad, items.size()).isBetween(0.06, 0.15);
  }
}
