package dev.fargateciaudit.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.inventory.Inventory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #32's fan-out target, counted rather than timed: CollectionBenchmarkIT's estate (50 families,
 * 50 services, 200 tasks, 30 roles) scanned through a {@link WaveRelay}, whose waves are rounds of
 * calls. With no binding limit the waves are the critical path (9 calls: the clusters listed and
 * described, their services listed and described, a task definition, then a task role's GetRole,
 * lists, GetPolicy and GetPolicyVersion); at the default {@code --concurrency} the scan takes at most
 * 1.5 times as many, where 8 per service and region (the former default) needed 19: the 50 task
 * definitions and the roles' 100-odd IAM calls then queue in rounds of 8.
 */
class FanOutIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  /** Far above the time the scan takes to send what an answer enables: a split wave fails the depth's exact count. */
  static final long QUIET_MILLIS = 600;
  static final int DEPTH = 9;

  @Test
  void theBenchmarkEstateAtTheDefaultLimitTakesAtMostOneAndAHalfTimesItsDepthInWaves() throws Exception {
    try (Estate e = new Estate(MOTO.endpoint(), "eu-west-2")) {
      e.benchmark();
    }
    int unlimited = waves(64);
    int atDefault = waves(LiveOptions.DEFAULT_CONCURRENCY);
    int atEight = waves(8);

    assertThat(unlimited).as("the critical path, with no limit binding").isEqualTo(DEPTH);
    assertThat(atDefault).as("waves at --concurrency %d", LiveOptions.DEFAULT_CONCURRENCY).isLessThanOrEqualTo(DEPTH * 3 / 2);
    assertThat(atEight).as("waves at --concurrency 8").isGreaterThan(DEPTH * 3 / 2);
  }

  /** The waves of one scan of the estate at {@code limit} calls in flight per service and region. */
  private static int waves(int limit) throws Exception {
    LiveOptions options = new LiveOptions(List.of("eu-west-2"), null, limit, 3, Duration.ofSeconds(5),
        Duration.ofSeconds(60), false, null);
    try (WaveRelay relay = new WaveRelay(MOTO.endpoint(), QUIET_MILLIS)) {
      System.setProperty("aws.endpointUrl", relay.endpoint());
      Inventory inv = LiveCollection.collect(AuditConfig.DEFAULTS, options);
      assertThat(inv.collectionErrors()).isEmpty();
      assertThat(inv.taskDefinitions()).hasSize(50);
      assertThat(inv.iamRoles()).hasSize(30);
      System.out.printf("FAN-OUT --concurrency %d: %d waves %s%n", limit, relay.waves().size(), relay.wavesByOperation());
      return relay.waves().size();
    } finally {
      System.setProperty("aws.endpointUrl", MOTO.endpoint());
    }
  }
}
