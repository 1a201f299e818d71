package dev.fargateciaudit.collect;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scan's call threads: one pool of {@code --concurrency} threads per AWS service and region (IAM,
 * which is global, has one), made when first asked for, so an estate that calls no EFS starts no
 * EFS thread. AWS throttles an account's calls per service and region, each on token buckets of its
 * own (ECS: docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html), so a limit
 * per bucket is what protects the account, while calls to different services or regions no longer
 * queue behind each other.
 *
 * <p>{@link Scan} runs every call on its service and region's pool ({@link #runsOn}), so at most
 * {@code limit} calls of one service and region are in flight, whichever thread asked.
 */
final class CallPools implements AutoCloseable {
  /** A throttling bucket: a service ({@code ecs}) and a region ({@code global} for IAM). */
  record Key(String service, String region) {}

  /** The pool the current thread belongs to, null on any other thread. */
  private static final ThreadLocal<Key> OWN = new ThreadLocal<>();

  private final int limit;
  private final Map<Key, ExecutorService> pools = new ConcurrentHashMap<>();
  private volatile boolean closed;

  CallPools(int limit) {
    if (limit < 1) throw new IllegalArgumentException("limit must be at least 1");
    this.limit = limit;
  }

  /** The pool of {@code service} in {@code region}; made on first use. */
  ExecutorService of(String service, String region) {
    if (closed) throw new IllegalStateException("the scan's call pools are closed");
    return pools.computeIfAbsent(new Key(service, region), k -> Executors.newFixedThreadPool(limit, threads(k)));
  }

  /** An executor that hands its tasks to {@link #of} when they come, so nothing is made before. */
  Executor lazily(String service, String region) {
    return task -> of(service, region).execute(task);
  }

  /** True on a thread of the pool of {@code service} in {@code region}. */
  static boolean runsOn(String service, String region) {
    return new Key(service, region).equals(OWN.get());
  }

  /** True on a thread of any call pool. */
  static boolean onCallThread() {
    return OWN.get() != null;
  }

  private static ThreadFactory threads(Key key) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(() -> {
        OWN.set(key);
        r.run();
      }, "fargate-ci-audit-call-" + key.service() + "-" + key.region() + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Stops every pool, interrupting calls still running (a scan that ended early). */
  @Override
  public void close() {
    closed = true;
    pools.values().forEach(ExecutorService::shutdownNow);
  }
}
