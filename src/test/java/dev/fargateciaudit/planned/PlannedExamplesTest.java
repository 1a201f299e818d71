package dev.fargateciaudit.planned;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.inventory.ContainerDefinition;
import dev.fargateciaudit.inventory.EcsService;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryJson;
import dev.fargateciaudit.inventory.TaskDefinition;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The bundled planned changes, overlaid on the hardened example estate they are written against. */
class PlannedExamplesTest {
  static final Path HARDENED = Path.of("examples/hardened/inventory.json");
  static final Path PLANNED = Path.of("examples/planned");

  static TaskDefinition plannedRevision(Inventory inv) {
    return inv.taskDefinitions().stream().filter(t -> t.source() != null).findFirst().orElseThrow();
  }

  @Test
  void compliantChangeReadsEveryKindOfPlannedFile() {
    Inventory live = InventoryJson.load(HARDENED);
    Inventory after = PlannedOverlay.apply(live, PLANNED.resolve("compliant"));

    TaskDefinition td = plannedRevision(after);
    assertThat(td.arn()).isEqualTo("arn:aws:ecs:eu-west-2:123456789012:task-definition/gitlab-ci-fargate:8");
    assertThat(td.source().file()).isEqualTo("examples/planned/compliant/taskdef.json");
    assertThat(after.taskDefinitions()).hasSize(live.taskDefinitions().size() + 1);
    assertThat(after.runnerConfig().source().kind()).isEqualTo("planned");
    assertThat(after.runnerConfig().source().file()).isEqualTo("examples/planned/compliant/fargate.toml");
    assertThat(after.runnerConfig().taskDefinition()).isEqualTo("gitlab-ci-fargate");
    assertThat(after.iamRoles()).filteredOn(r -> r.source() != null).singleElement()
        .satisfies(r -> {
          assertThat(r.name()).isEqualTo("gitlab-ci-task-execution");
          assertThat(r.inlinePolicies()).extracting(p -> p.name()).containsExactly("read-registry-credential");
          // The managed policy's document is the one the account has.
          assertThat(r.attachedPolicies().get(0).document()).isNotNull();
        });
  }

  @Test
  void port80ChangeAddsTheMapping() {
    TaskDefinition td = plannedRevision(PlannedOverlay.apply(InventoryJson.load(HARDENED), PLANNED.resolve("port-80")));
    assertThat(td.containers().get(0).portMappings()).extracting(p -> p.containerPort()).containsExactly(22, 80);
  }

  @Test
  void publicImageChangeDropsRegistryCredentials() {
    ContainerDefinition c = plannedRevision(PlannedOverlay.apply(InventoryJson.load(HARDENED), PLANNED.resolve("public-image")))
        .containers().get(0);
    assertThat(c.image()).startsWith("public.ecr.aws/");
    assertThat(c.repositoryCredentialsParameter()).isNull();
  }

  @Test
  void publicIpChangeCreatesAServiceOnThePlannedRevisionWithAPublicIp() {
    Inventory after = PlannedOverlay.apply(InventoryJson.load(HARDENED), PLANNED.resolve("public-ip"));
    EcsService s = after.ecsServices().stream().filter(x -> x.source() != null).findFirst().orElseThrow();
    assertThat(s.network().assignPublicIp()).isEqualTo("ENABLED");
    assertThat(s.taskDefinitionArn()).endsWith("task-definition/gitlab-ci-fargate:8");
    assertThat(s.clusterArn()).isEqualTo("arn:aws:ecs:eu-west-2:123456789012:cluster/gitlab-ci");
    assertThat(s.source().file()).isEqualTo("examples/planned/public-ip/service.json");
    assertThat(s.source().pointer()).isEqualTo("/networkConfiguration");
  }
}
