package dev.fargateciaudit.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What every client of a scan shares, seen through calls to moto. */
class AwsClientsIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  /**
   * Each call arms an API-call timeout. The SDK would give every client a timer pool of its own,
   * growing to five threads as calls come; a scan's clients share one timer thread instead.
   */
  @Test
  void theClientsCallTimeoutsShareOneTimerThread() {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    LiveOptions options = new LiveOptions(List.of("eu-west-2"), null, 8, 3, Duration.ofSeconds(5), Duration.ofSeconds(30), false, null);
    try (AwsClients clients = new AwsClients(options, new CallLog(() -> {}), "eu-west-2", null, null)) {
      for (int i = 0; i < 6; i++) {
        clients.sts().getCallerIdentity();
        clients.ecs("eu-west-2").listClusters();
        clients.iam().listRoles();
      }
      List<String> started = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> !before.contains(t)).map(Thread::getName).toList();
      assertThat(started).filteredOn(n -> n.startsWith("sdk-ScheduledExecutor")).isEmpty();
      assertThat(started).filteredOn(n -> n.equals("fargate-ci-audit-timeouts")).hasSize(1);
    }
  }
}
