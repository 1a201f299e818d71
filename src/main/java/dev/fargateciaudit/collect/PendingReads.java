package dev.fargateciaudit.collect;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Reads a reader started and a collector waits for: {@link #await} returns once every one is
 * done, those started while it waits included (a read may start others).
 */
final class PendingReads {
  private final Queue<CompletableFuture<?>> started = new ConcurrentLinkedQueue<>();

  void add(CompletableFuture<?> read) {
    started.add(read);
  }

  void await() {
    List<CompletableFuture<?>> seen = new ArrayList<>();
    while (seen.size() < started.size()) {
      List<CompletableFuture<?>> now = new ArrayList<>(started);
      now.forEach(CompletableFuture::join);
      seen = now;
    }
  }
}
