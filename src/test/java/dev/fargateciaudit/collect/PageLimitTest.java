package dev.fargateciaudit.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.inventory.CollectionError;
import dev.fargateciaudit.inventory.Inventory;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ListClustersResponse;

/**
 * The paginator guard of {@link Scan#pages} (issue #29 d13) on the SDK's own response model: a
 * listing whose every page carries a new next-page token stops after {@link Scan#MAX_PAGES} pages
 * with one {@code TooManyPages} collection error, keeping the pages read. (A token that repeats is
 * FaultInjectionIT's case, over HTTP.)
 */
class PageLimitTest {
  @Test
  void aListingThatNeverEndsStopsAtTheLimitKeepingWhatItRead() {
    Scan scan = new Scan(AuditConfig.DEFAULTS, LiveCollectionIT.options("eu-west-2"), List.of("eu-west-2"), null, null,
        new CallLimits(1), null, Inventory.builder(), "123456789012");
    AtomicInteger requested = new AtomicInteger();
    Iterable<ListClustersResponse> endless = () -> new Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public ListClustersResponse next() {
        int n = requested.incrementAndGet();
        return ListClustersResponse.builder().clusterArns("arn:aws:ecs:eu-west-2:123456789012:cluster/c" + n).nextToken("token-" + n).build();
      }
    };
    AtomicInteger taken = new AtomicInteger();
    // Without the guard the walk never ends: bounded here so that it fails instead.
    boolean complete = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> scan.pages("ecs", "ListClusters", "eu-west-2", null, () -> endless, p -> taken.incrementAndGet()));
    assertThat(complete).isFalse();
    assertThat(taken).hasValue(Scan.MAX_PAGES);
    assertThat(requested).hasValue(Scan.MAX_PAGES + 1);
    List<CollectionError> errors = scan.read(b -> b.list(CollectionError.class));
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.operation()).isEqualTo("ListClusters");
      assertThat(e.errorCode()).isEqualTo("TooManyPages");
    });
  }
}
