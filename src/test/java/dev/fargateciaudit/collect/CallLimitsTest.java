package dev.fargateciaudit.collect;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
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
          CallLimits::onCallThread, limits.of("iam", "global"));
      assertThat(iam.get(10, SECONDS)).as("IAM runs while ECS's places are all taken").isTrue();
      assertThat(running.get()).as("ECS tasks running while two hold their places").isEqualTo(2);

      release.countDown();
      assertThat(allDone.await(10, SECONDS)).isTrue();
      assertThat(peak.get()).isEqualTo(2);
      assertThat(CallLimits.onCallThread()).isFalse();
    }
  }

  @Test
  void aCallWithAFreePlaceRunsOnTheCallersThreadAndHoldsThePlaceMeanwhile() throws Exception {
    ExecutorService caller = Executors.newSingleThreadExecutor(r -> new Thread(r, "the-caller"));
    try (CallLimits limits = new CallLimits(1)) {
      CountDownLatch inCall = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicBoolean callOver = new AtomicBoolean();
      CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> limits.call("ecs", "eu-west-2", () -> {
        inCall.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        callOver.set(true);
        return Thread.currentThread().getName() + (CallLimits.onCallThread() ? " in a call" : "");
      }), caller);
      assertThat(inCall.await(10, SECONDS)).isTrue();
      CountDownLatch queuedStarted = new CountDownLatch(1);
      CompletableFuture<Boolean> queued = CompletableFuture.supplyAsync(() -> {
        queuedStarted.countDown();
        return callOver.get();
      }, limits.of("ecs", "eu-west-2"));
      assertThat(queuedStarted.await(300, MILLISECONDS)).as("a task started while the call held the only place").isFalse();
      release.countDown();
      assertThat(call.get(10, SECONDS)).isEqualTo("the-caller in a call");
      assertThat(queued.get(10, SECONDS)).as("the queued task ran only once the call gave its place back").isTrue();
      assertThat(limits.call("ecs", "eu-west-2", CallLimits::onCallThread)).isTrue();
      assertThat(CallLimits.onCallThread()).as("the caller's thread is no call thread after the call").isFalse();
    } finally {
      caller.shutdownNow();
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
