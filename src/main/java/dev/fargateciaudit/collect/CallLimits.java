package dev.fargateciaudit.collect;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scan's call threads, with at most {@code --concurrency} calls running per AWS service and region
 * (IAM, which is global, counts as one). AWS throttles an account's calls per service and region,
 * each on token buckets of its own (ECS: docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html),
 * so a limit per bucket is what protects the account, while calls to different services or regions
 * no longer queue behind each other.
 *
 * <p>The threads are one cached pool shared by every service: a thread is made only when every
 * other one is busy, so a scan has no more threads than calls in flight, and an estate that calls no
 * EFS costs no EFS thread. {@link Scan} runs every call through {@link #of} ({@link #runsOn} tells a
 * call already there), so the limit holds whichever thread asked.
 */
final class CallLimits implements AutoCloseable {
  /** A throttling bucket: a service ({@code ecs}) and a region ({@code global} for IAM). */
  record Key(String service, String region) {}

  /** The bucket whose task the current thread is running, null when none. */
  private static final ThreadLocal<Key> OWN = new ThreadLocal<>();

  private final int limit;
  private final ExecutorService threads;
  private final Map<Key, Limited> limited = new ConcurrentHashMap<>();

  CallLimits(int limit) {
    if (limit < 1) throw new IllegalArgumentException("limit must be at least 1");
    this.limit = limit;
    AtomicInteger n = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fargate-ci-audit-call-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs tasks of {@code service} in {@code region}, at most {@code limit} at a time, the rest in order. */
  Executor of(String service, String region) {
    return limited.computeIfAbsent(new Key(service, region), Limited::new);
  }

  /** True on a thread running a task of {@code service} in {@code region}. */
  static boolean runsOn(String service, String region) {
    return new Key(service, region).equals(OWN.get());
  }

  /** True on a thread running a task of any bucket. */
  static boolean onCallThread() {
    return OWN.get() != null;
  }

  /** Stops the threads, interrupting calls still running (a scan that ended early); queued tasks never run. */
  @Override
  public void close() {
    threads.shutdownNow();
  }

  /** One bucket's queue: a task starts when fewer than {@code limit} run; a finishing one runs the next. */
  private final class Limited implements Executor {
    private final Key key;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int running;

    Limited(Key key) {
      this.key = key;
    }

    @Override
    public void execute(Runnable task) {
      synchronized (this) {
        if (running >= limit) {
          waiting.add(task);
          return;
        }
        running++;
      }
      threads.execute(() -> drain(task));
    }

    /** Runs {@code first}, then what waits, while anything does. */
    private void drain(Runnable first) {
      OWN.set(key);
      Runnable task = first;
      try {
        while (task != null) {
          task.run();
          task = next();
        }
      } finally {
        OWN.remove();
        if (task != null) {
          // The task threw (the scan's tasks report failures through their futures, so only a bug
          // does): its slot goes to the next one, on a thread of its own.
          Runnable after = next();
          if (after != null) threads.execute(() -> drain(after));
        }
      }
    }

    private synchronized Runnable next() {
      Runnable task = waiting.poll();
      if (task == null) running--;
      return task;
    }
  }
}
