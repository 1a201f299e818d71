package dev.fargateciaudit.collect;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A scan's call threads, with at most {@code --concurrency} calls running per AWS service and region
 * (IAM, which is global, counts as one). AWS throttles an account's calls per service and region,
 * each on token buckets of its own (ECS: docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html),
 * so a limit per bucket is what protects the account, while calls to different services or regions
 * no longer queue behind each other.
 *
 * <p>The threads are one cached pool shared by every service: a thread is made only when every
 * other one is busy, so a scan has no more threads than calls in flight, and an estate that calls no
 * EFS costs no EFS thread. {@link Scan} makes every call through {@link #call}, so the limit holds
 * whichever thread asked, and a call with a free place runs on the thread that asked, with no hand-over.
 *
 * <p>A bucket AWS throttles ({@link #throttled}) narrows to {@link LiveOptions#THROTTLED_CONCURRENCY} for
 * the rest of the scan: a place given back is not handed on while the bucket holds more, so the calls
 * that meet its empty token bucket together are few.
 */
final class CallLimits implements AutoCloseable {
  /**
   * A throttling bucket: a service ({@code ecs}) and a region ({@code global} for IAM). Its equals and
   * hashCode are written out: a record's own are bootstrapped through method handles at their first
   * call, which every scan thread's first call would otherwise wait for.
   */
  record Key(String service, String region) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Objects.equals(service, k.service) && Objects.equals(region, k.region);
    }

    @Override
    public int hashCode() {
      return 31 * Objects.hashCode(service) + Objects.hashCode(region);
    }
  }

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

  /**
   * Makes {@code call} of {@code service} in {@code region} and returns its result (or throws its
   * exception): on this thread when it already runs a task of that bucket (it holds a place) or the
   * bucket has a free place (taken for the call), else as a task queued there, waited for. A call
   * never waits for another, so a call thread waiting here cannot deadlock.
   */
  <T> T call(String service, String region, Supplier<T> call) {
    Key key = new Key(service, region);
    Key own = OWN.get();
    if (key.equals(own)) return call.get();
    Limited bucket = limited.computeIfAbsent(key, Limited::new);
    if (!bucket.take()) return await(submit(bucket, call::get));
    OWN.set(key);
    try {
      return call.get();
    } finally {
      if (own == null) OWN.remove(); else OWN.set(own);
      bucket.release();
    }
  }

  /**
   * AWS throttled a call of {@code service} in {@code region}: its bucket's limit drops to
   * {@link LiveOptions#THROTTLED_CONCURRENCY} (or stays lower, when {@code --concurrency} is) for the rest
   * of the scan.
   */
  void throttled(String service, String region) {
    limited.computeIfAbsent(new Key(service, region), Limited::new).narrow(Math.min(limit, LiveOptions.THROTTLED_CONCURRENCY));
  }

  /** The most calls of {@code service} in {@code region} that may run now. */
  int limit(String service, String region) {
    Limited bucket = limited.get(new Key(service, region));
    return bucket == null ? limit : bucket.max();
  }

  /** Starts {@code task} on {@code executor}. */
  static <T> Future<T> submit(Executor executor, Callable<T> task) {
    FutureTask<T> future = new FutureTask<>(task);
    executor.execute(future);
    return future;
  }

  /** The task's result; its exception, as thrown, when it failed. */
  static <T> T await(Future<T> task) {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while collecting", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      if (e.getCause() instanceof Error error) throw error;
      throw new IllegalStateException(e.getCause());
    }
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

  /**
   * One bucket's queue: a task starts when fewer than {@code max} run; a finishing one runs the next,
   * or gives its place back when the bucket holds more than {@code max} (it was narrowed).
   */
  private final class Limited implements Executor {
    private final Key key;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int max = limit;
    /** Places held, by tasks running and calls made on their callers' threads. */
    private int running;

    Limited(Key key) {
      this.key = key;
    }

    synchronized void narrow(int to) {
      max = Math.min(max, to);
    }

    synchronized int max() {
      return max;
    }

    @Override
    public void execute(Runnable task) {
      synchronized (this) {
        if (running >= max) {
          waiting.add(task);
          return;
        }
        running++;
      }
      threads.execute(() -> drain(task));
    }

    /** Takes a place for a call made on the caller's thread, when one is free. */
    synchronized boolean take() {
      if (running >= max) return false;
      running++;
      return true;
    }

    /** Gives back a place {@link #take} took: to the next task waiting, if any. */
    void release() {
      Runnable after = next();
      if (after != null) threads.execute(() -> drain(after));
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
        // The task threw (the scan's tasks report failures through their futures, so only a bug
        // does): its place goes to the next one, on a thread of its own.
        if (task != null) release();
      }
    }

    /** The next task to run in a finishing task's place; null when the place is given back. */
    private synchronized Runnable next() {
      Runnable task = running <= max ? waiting.poll() : null;
      if (task == null) running--;
      return task;
    }
  }
}
