package dev.fargateciaudit.inventory;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The workers of a snapshot load, which validate and bind its records: one daemon thread per core,
 * at most {@code inFlight} steps submitted ahead of them, so memory stays bounded by the inventory
 * plus those steps' records. A step that throws stops the rest; {@link #finish} rethrows what it
 * threw in the submitting thread, so a load fails the same way on any thread. Everything a step
 * writes is read after {@link #finish}, which happens after it.
 */
final class BindWorkers {
  /** Work of a worker: validation and binding, which may fail as binding does. */
  @FunctionalInterface
  interface Step {
    void run() throws IOException;
  }

  private final ExecutorService thread = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
    Thread t = new Thread(r, "snapshot-bind");
    t.setDaemon(true);
    return t;
  });
  private final Semaphore inFlight;
  private volatile Throwable failure;

  BindWorkers(int inFlight) {
    this.inFlight = new Semaphore(inFlight);
  }

  void submit(Step step) throws IOException {
    rethrow();
    inFlight.acquireUninterruptibly();
    thread.execute(() -> {
      try {
        if (failure == null) step.run();
      } catch (Throwable t) {
        failure = t;
      } finally {
        inFlight.release();
      }
    });
  }

  /** Waits for every step, then throws what a step threw, if anything. */
  void finish() throws IOException {
    thread.shutdown();
    boolean interrupted = false;
    while (true) {
      try {
        if (thread.awaitTermination(1, TimeUnit.MINUTES)) break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
    rethrow();
  }

  /**
   * Abandons what is left (the load failed in the parser's thread) and waits for the batches
   * being worked on, so nothing runs after the load's pool is released.
   */
  void stop() {
    if (thread.isTerminated()) return;
    thread.shutdownNow();
    try {
      thread.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void rethrow() throws IOException {
    Throwable t = failure;
    if (t == null) return;
    if (t instanceof IOException io) throw io;
    if (t instanceof RuntimeException re) throw re;
    if (t instanceof Error err) throw err;
    throw new IllegalStateException(t);
  }
}
