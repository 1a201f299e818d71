package dev.fargateciaudit.collect;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The limit per service and region: its queue, what a full bucket does not hold up, a failing task. */
class CallLimitsTest {
  @Test
  void atMostTheLimitRunPerBucketTheRestWaitAndOtherBucketsDoNot() throws Exception {
    try (CallLimits limits = new CallLimits(2)) {
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch twoStarted = new CountDownLatch(2);
      CountDownLatch allDone = new CountDownLatch(6);
      AtomicInteger running = new AtomicInteger();
      AtomicInteger peak = new AtomicInteger();
      Runnable held = () -> {
        peak.accumulateAndGet(running.incrementAndGet(), Math::max);
        twoStarted.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        running.decrementAndGet();
        allDone.countDown();
      };
      for (int i = 0; i < 6; i++) limits.of("ecs", "eu-west-2").execute(held);
      assertThat(twoStarted.await(10, SECONDS)).isTrue();

      CompletableFuture<Boolean> iam = CompletableFuture.supplyAsync(
          () -> CallLimits.runsOn("iam", "global") && !CallLimits.runsOn("ecs", "eu-west-2"), limits.of("iam", "global"));
      assertThat(iam.get(10, SECONDS)).as("IAM runs while ECS's places are all taken").isTrue();
      assertThat(running.get()).as("ECS tasks running while two hold their places").isEqualTo(2);

      release.countDown();
      assertThat(allDone.await(10, SECONDS)).isTrue();
      assertThat(peak.get()).isEqualTo(2);
      assertThat(CallLimits.onCallThread()).isFalse();
    }
  }

  @Test
  void aTaskThatThrowsGivesItsPlaceToTheNext() throws Exception {
    try (CallLimits limits = new CallLimits(1)) {
      CountDownLatch blocked = new CountDownLatch(1);
      CountDownLatch ran = new CountDownLatch(1);
      limits.of("ecs", "eu-west-2").execute(() -> {
        try {
          blocked.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("a task that throws (expected by the test)");
      });
      limits.of("ecs", "eu-west-2").execute(ran::countDown);
      blocked.countDown();
      assertThat(ran.await(10, SECONDS)).isTrue();
    }
  }
}
