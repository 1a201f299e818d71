package dev.fargateciaudit.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.inventory.Inventory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Benchmark (issue 7 part 4), run with
 * {@code ./mvnw -B -o verify -Dit.test=CollectionBenchmarkIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}:
 * an estate of 50 task-definition families, 50 services, 200 running tasks and 30 roles in moto.
 * Asserts the exact call count against the documented formula and prints the calls, the wall
 * time, and the sum of per-service call times (what a one-call-at-a-time scan would take). The
 * times are printed, never asserted.
 */
class CollectionBenchmarkIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  @Test
  void fiftyFamiliesFiftyServicesTwoHundredTasksThirtyRoles() {
    try (Estate e = new Estate(MOTO.endpoint(), "eu-west-2")) {
      e.benchmark();
    }
    LiveOptions options = new LiveOptions(List.of("eu-west-2"), null, LiveOptions.DEFAULT_CONCURRENCY, 3, Duration.ofSeconds(5),
        Duration.ofSeconds(60), false, null);

    LiveCollection.Run run = LiveCollection.run(AuditConfig.DEFAULTS, options, null);
    Inventory inv = run.inventory();

    assertThat(inv.collectionErrors()).isEmpty();
    assertThat(inv.taskDefinitions()).hasSize(50);
    assertThat(inv.ecsServices()).hasSize(50);
    assertThat(inv.ecsTasks()).hasSize(200);
    assertThat(inv.iamRoles()).hasSize(30);
    var expected = CallFormula.expected(
        List.of(new CallFormula.Region(1, List.<int[]>of(new int[] {50, 200}), 50, 1, 1, 1, 0, 200, 1, false, 0, 0, 0, 3, 1, 50, 0)),
        new CallFormula.Iam(1, 30, 15, 4));
    assertThat(inv.meta().apiCalls()).isEqualTo(expected);
    long formula = expected.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("BENCHMARK estate: 50 families, 50 services, 200 tasks, 30 roles; concurrency %d%n", options.concurrency());
    System.out.printf("BENCHMARK calls: %d (formula %d)%n", inv.meta().totalApiCalls(), formula);
    System.out.printf("BENCHMARK wall: %d ms; sum of per-service call times: %d ms (%s); wall/sum = %.0f%%%n",
        run.wallMillis(), run.sequentialMillis(), run.serviceMillis(), 100.0 * run.wallMillis() / run.sequentialMillis());
  }
}
