package dev.fargateciaudit.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Collectors run in the order of their declared dependencies, whatever order they are listed in. */
class ServiceCollectorsTest {
  private record Stub(String service, List<String> dependsOn) implements Collector {
    @Override
    public Set<String> iamActions() {
      return Set.of();
    }

    @Override
    public void collect(Scan scan) {}
  }

  private static List<String> order(Collector... collectors) {
    return ServiceCollectors.inDependencyOrder(List.of(collectors)).stream().map(Collector::service).toList();
  }

  @Test
  void aCollectorListedBeforeItsDependenciesRunsAfterThem() {
    assertThat(order(new Stub("iam", List.of("ec2")), new Stub("ec2", List.of("efs")), new Stub("efs", List.of("ecs")),
        new Stub("ecs", List.of()), new Stub("sts", List.of())))
        .containsExactly("ecs", "efs", "ec2", "iam", "sts");
  }

  @Test
  void independentCollectorsKeepTheirListOrder() {
    assertThat(order(new Stub("sts", List.of()), new Stub("ecs", List.of()), new Stub("ecr", List.of("ecs"))))
        .containsExactly("sts", "ecs", "ecr");
  }

  @Test
  void anUnknownDependencyIsAnInternalErrorNamingIt() {
    assertThatThrownBy(() -> order(new Stub("ecs", List.of()), new Stub("iam", List.of("ec2"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("collector 'iam' depends on 'ec2', which no collector provides (collectors: ecs, iam)");
  }

  @Test
  void aCycleIsAnInternalErrorNamingIt() {
    assertThatThrownBy(() -> order(new Stub("sts", List.of()), new Stub("ec2", List.of("iam")),
        new Stub("efs", List.of("ec2")), new Stub("iam", List.of("efs"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("collectors depend on each other in a cycle: ec2 -> iam -> efs -> ec2");
  }

  @Test
  void theShippedCollectorsComeEachAfterItsDependencies() {
    List<Collector> all = ServiceCollectors.all();
    assertThat(all).extracting(Collector::service).doesNotHaveDuplicates()
        .contains("sts", "ecs", "elasticfilesystem", "secretsmanager", "ecr", "ec2", "iam");
    for (int i = 0; i < all.size(); i++) {
      List<String> before = all.subList(0, i).stream().map(Collector::service).toList();
      assertThat(before).as(all.get(i).service() + "'s dependencies").containsAll(all.get(i).dependsOn());
    }
  }
}
