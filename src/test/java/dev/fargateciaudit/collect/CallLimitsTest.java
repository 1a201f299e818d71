package dev.fargateciaudit.collect;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
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

  /**
   * Twelve tasks hold the places of a bucket of 12 and eight wait when AWS throttles it: the bucket
   * narrows to {@link LiveOptions#THROTTLED_CONCURRENCY}, so as the twelve finish one by one no waiting
   * task starts until fewer than 8 run; every task still runs, and other buckets keep their limit.
   */
  @Test
  void aThrottledBucketStartsNoTaskUntilItIsWithinTheThrottledLimit() throws Exception {
    try (CallLimits limits = new CallLimits(12)) {
      Semaphore finish = new Semaphore(0);
      AtomicInteger running = new AtomicInteger();
      AtomicInteger starts = new AtomicInteger();
      List<Integer> runningAtLaterStarts = new CopyOnWriteArrayList<>();
      CountDownLatch firstStarted = new CountDownLatch(12);
      CountDownLatch done = new CountDownLatch(20);
      Runnable task = () -> {
        int now = running.incrementAndGet();
        if (starts.incrementAndGet() > 12) runningAtLaterStarts.add(now);
        firstStarted.countDown();
        finish.acquireUninterruptibly();
        running.decrementAndGet();
        done.countDown();
      };
      for (int i = 0; i < 20; i++) limits.of("ecs", "eu-west-2").execute(task);
      assertThat(firstStarted.await(10, SECONDS)).isTrue();

      limits.throttled("ecs", "eu-west-2");
      assertThat(limits.limit("ecs", "eu-west-2")).isEqualTo(LiveOptions.THROTTLED_CONCURRENCY);
      assertThat(limits.limit("ecs", "us-east-1")).isEqualTo(12);
      assertThat(limits.limit("iam", "global")).isEqualTo(12);

      for (int i = 1; i <= 20; i++) {
        finish.release();
        long left = 20 - i;
        for (long end = System.nanoTime() + SECONDS.toNanos(10); done.getCount() > left && System.nanoTime() < end; ) {
          Thread.onSpinWait();
        }
        assertThat(done.getCount()).as("tasks left after %d finished", i).isEqualTo(left);
      }
      assertThat(runningAtLaterStarts).hasSize(8).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(8));
    }
  }

  @Test
  void aLimitBelowTheThrottledLimitStaysWhereItIs() {
    try (CallLimits limits = new CallLimits(4)) {
      limits.throttled("iam", "global");
      assertThat(limits.limit("iam", "global")).isEqualTo(4);
    }
  }
}
