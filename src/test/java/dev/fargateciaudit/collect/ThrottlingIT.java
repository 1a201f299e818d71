package dev.fargateciaudit.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.inventory.Inventory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.model.IamException;

/**
 * A scan that overruns AWS's token buckets is slowed, never failed, at the default {@code --concurrency}
 * and {@code --max-attempts}: CollectionBenchmarkIT's estate behind a {@link ThrottleRelay} whose ECS
 * task-definition reads have a fifth of the documented bucket (10 tokens, 4 a second: the 50 task
 * definitions overrun it as 250 would overrun AWS's 50 and 20) and whose IAM calls share a bucket of
 * 20 refilled at 5 a second (IAM does not publish its sizes; these are well below ECS's). Both are
 * throttled, the SDK's adaptive retry paces the calls, and every task definition and role is read
 * with no collection error.
 */
class ThrottlingIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  static final ThrottleRelay.Bucket TASK_DEFINITION_READS = new ThrottleRelay.Bucket("ecs task-definition reads", 10, 4);
  static final Set<String> TASK_DEFINITION_ACTIONS = Set.of("ecs:DescribeTaskDefinition", "ecs:ListTaskDefinitions",
      "ecs:ListTaskDefinitionFamilies");
  static final ThrottleRelay.Bucket IAM = new ThrottleRelay.Bucket("iam", 20, 5);
  /** The CLI's {@code --max-attempts} default. */
  static final int MAX_ATTEMPTS = 5;

  @Test
  void aScanBeyondTheBucketsIsThrottledAndCollectedWithNoError() throws Exception {
    try (Estate e = new Estate(MOTO.endpoint(), "eu-west-2")) {
      e.benchmark();
    }
    LiveOptions options = new LiveOptions(List.of("eu-west-2"), null, LiveOptions.DEFAULT_CONCURRENCY, MAX_ATTEMPTS,
        Duration.ofSeconds(5), Duration.ofSeconds(60), false, null);
    Inventory inv;
    ThrottleRelay relay;
    try (ThrottleRelay r = new ThrottleRelay(MOTO.endpoint(),
        op -> TASK_DEFINITION_ACTIONS.contains(op) ? TASK_DEFINITION_READS : op.startsWith("iam:") ? IAM : null)) {
      relay = r;
      System.setProperty("aws.endpointUrl", relay.endpoint());
      long started = System.nanoTime();
      inv = LiveCollection.collect(AuditConfig.DEFAULTS, options);
      System.out.printf("THROTTLED SCAN %.1f s%n", (System.nanoTime() - started) / 1e9);
    } finally {
      System.setProperty("aws.endpointUrl", MOTO.endpoint());
    }
    System.out.println("THROTTLED " + relay.throttled());

    assertThat(relay.throttled()).containsOnlyKeys("ecs task-definition reads eu-west-2", "iam aws-global");
    assertThat(inv.collectionErrors()).isEmpty();
    assertThat(inv.taskDefinitions()).hasSize(50);
    assertThat(inv.iamRoles()).hasSize(30);
  }

  /**
   * A throttle narrows the limit of the client's own bucket, as {@link Scan} names it (IAM: one global
   * bucket), to {@link LiveOptions#THROTTLED_CONCURRENCY}, whether or not the call had an attempt left,
   * and no other bucket's.
   */
  @Test
  void aThrottleNarrowsItsServiceAndRegionOnly() throws Exception {
    LiveOptions options = new LiveOptions(List.of("eu-west-2"), null, LiveOptions.DEFAULT_CONCURRENCY, 1,
        Duration.ofSeconds(5), Duration.ofSeconds(60), false, null);
    ThrottleRelay.Bucket once = new ThrottleRelay.Bucket("iam", 1, 0.001);
    try (ThrottleRelay relay = new ThrottleRelay(MOTO.endpoint(), op -> op.startsWith("iam:") ? once : null);
        CallLimits limits = new CallLimits(LiveOptions.DEFAULT_CONCURRENCY)) {
      System.setProperty("aws.endpointUrl", relay.endpoint());
      try (AwsClients clients = new AwsClients(options, new CallLog(() -> {}), limits, "eu-west-2", null, null)) {
        clients.iam().listRoles();
        clients.ecs("eu-west-2").listClusters();
        assertThat(limits.limit(RoleReader.S, RoleReader.GLOBAL)).isEqualTo(LiveOptions.DEFAULT_CONCURRENCY);

        assertThatThrownBy(() -> clients.iam().listRoles()).isInstanceOf(IamException.class);

        assertThat(relay.throttled()).containsExactly(Map.entry("iam aws-global", 1));
        assertThat(limits.limit(RoleReader.S, RoleReader.GLOBAL)).isEqualTo(LiveOptions.THROTTLED_CONCURRENCY);
        assertThat(limits.limit(EcsCollector.S, "eu-west-2")).isEqualTo(LiveOptions.DEFAULT_CONCURRENCY);
      }
    } finally {
      System.setProperty("aws.endpointUrl", MOTO.endpoint());
    }
  }
}
