package dev.fargateciaudit.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.inventory.Inventory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --concurrency} is a limit per AWS service and region, the buckets AWS throttles by, not one
 * for the whole scan: scanning CollectionBenchmarkIT's estate through {@link InFlightRelay} (each
 * request held 50 ms, counted per SigV4 credential scope) with {@code --concurrency 2}, no service
 * and region ever has more than two requests in flight, and ECS and IAM both have two in flight at
 * the same moment (the task definitions still being described while the roles they name are read).
 */
class CallLimitsIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  static final int LIMIT = 2;

  @Test
  void eachServiceAndRegionHasItsOwnLimitAndTheyRunTogether() throws Exception {
    try (Estate e = new Estate(MOTO.endpoint(), "eu-west-2")) {
      e.benchmark();
    }
    LiveOptions options = new LiveOptions(List.of("eu-west-2"), null, LIMIT, 3, Duration.ofSeconds(5),
        Duration.ofSeconds(60), false, null);
    Inventory inv;
    InFlightRelay relay;
    try (InFlightRelay r = new InFlightRelay(MOTO.endpoint(), 50)) {
      relay = r;
      System.setProperty("aws.endpointUrl", relay.endpoint());
      inv = LiveCollection.collect(AuditConfig.DEFAULTS, options);
    } finally {
      System.setProperty("aws.endpointUrl", MOTO.endpoint());
    }

    assertThat(inv.collectionErrors()).isEmpty();
    assertThat(inv.taskDefinitions()).hasSize(50);
    assertThat(inv.iamRoles()).hasSize(30);
    assertThat(relay.snapshots()).hasSize((int) inv.meta().totalApiCalls());
    Map<String, Integer> peaks = relay.peaks();
    assertThat(peaks).containsOnlyKeys("sts eu-west-2", "ecs eu-west-2", "ec2 eu-west-2", "iam aws-global",
        "elasticfilesystem eu-west-2", "secretsmanager eu-west-2");
    assertThat(peaks.values()).allSatisfy(peak -> assertThat(peak).isLessThanOrEqualTo(LIMIT));
    assertThat(relay.snapshots().stream().anyMatch(s -> s.getOrDefault("ecs eu-west-2", 0) == LIMIT
            && s.getOrDefault("iam aws-global", 0) == LIMIT))
        .as("a moment with %d ECS and %d IAM requests in flight (peaks %s)", LIMIT, LIMIT, peaks).isTrue();
  }
}
