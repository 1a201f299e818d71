package dev.fargateciaudit.cli;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** Wall time per stage of one run, for {@code --timings}; stages may run on other threads. */
final class StageClock {
  interface Stage<T> {
    T run() throws Exception;
  }

  private final long start = System.nanoTime();
  private final Map<String, Long> nanos = new LinkedHashMap<>();

  <T> T time(String stage, Stage<T> body) throws Exception {
    long t0 = System.nanoTime();
    try {
      return body.run();
    } finally {
      record(stage, System.nanoTime() - t0);
    }
  }

  /** For a stage run on another thread, where checked exceptions cannot pass. */
  <T> T timeAsync(String stage, Supplier<T> body) {
    long t0 = System.nanoTime();
    try {
      return body.get();
    } finally {
      record(stage + " (background)", System.nanoTime() - t0);
    }
  }

  private synchronized void record(String stage, long elapsed) {
    nanos.merge(stage, elapsed, Long::sum);
  }

  /** The value of a background stage, rethrowing its own exception (a bad rule stays exit 2). */
  static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw e;
    }
  }

  synchronized String summary() {
    StringJoiner j = new StringJoiner(", ", "timings: ", "");
    nanos.forEach((stage, n) -> j.add(stage + " " + n / 1_000_000 + " ms"));
    j.add("total " + (System.nanoTime() - start) / 1_000_000 + " ms");
    // The JVM's own uptime, from a monotonic counter. The process's start instant (ProcessHandle)
    // is worked out from the kernel's boot time and the wall clock, and is off by seconds on a
    // virtual machine whose clock was stepped after boot.
    j.add("since JVM start " + ManagementFactory.getRuntimeMXBean().getUptime() + " ms");
    return j.toString();
  }
}
