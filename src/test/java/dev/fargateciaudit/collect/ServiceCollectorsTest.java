package dev.fargateciaudit.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

  /** Every collector's declared dependencies, transitively: what must be done before it starts. */
  private static Map<String, Set<String>> waitsFor() {
    Map<String, Collector> byName = new LinkedHashMap<>();
    ServiceCollectors.all().forEach(c -> byName.put(c.service(), c));
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (Collector c : ServiceCollectors.all()) {
      Set<String> seen = new TreeSet<>();
      Deque<String> todo = new ArrayDeque<>(c.dependsOn());
      while (!todo.isEmpty()) {
        String d = todo.pop();
        if (seen.add(d)) todo.addAll(byName.get(d).dependsOn());
      }
      out.put(c.service(), seen);
    }
    return out;
  }

  @Test
  void whatNeedsNeitherTheRunnerNorTheTaskDefinitionsDoesNotWaitForThem() {
    Map<String, Set<String>> waits = waitsFor();
    assertThat(waits.get("sts")).isEmpty();
    assertThat(waits.get("runner")).isEmpty();
    assertThat(waits.get("ecs-clusters")).as("clusters, services and tasks").isEmpty();
    assertThat(waits.get("ecs-configured")).as("the task definitions the configs name").isEmpty();
    assertThat(waits.get("ec2-network")).as("the workloads' network").containsExactly("ecs-clusters");
    assertThat(waits.get("ec2-enis")).as("the tasks' network interfaces").containsExactly("ecs-clusters");
    assertThat(waits.get("ecs")).as("task definitions: the configs', the workloads' and what the runner may start in the account")
        .containsExactlyInAnyOrder("ecs-clusters", "ecs-configured", "runner", "sts");
    for (String scopedByTaskDefinitions : List.of("elasticfilesystem", "secretsmanager", "ssm", "ecr", "iam")) {
      assertThat(waits.get(scopedByTaskDefinitions)).as(scopedByTaskDefinitions)
          .containsExactlyInAnyOrder("ecs", "ecs-clusters", "ecs-configured", "runner", "sts");
    }
    assertThat(waits.get("ec2")).as("security groups: of the tasks' interfaces, the runner and the mount targets, not the routes")
        .containsExactlyInAnyOrder("ec2-enis", "elasticfilesystem", "ecs", "ecs-clusters", "ecs-configured", "runner", "sts");
  }
}
