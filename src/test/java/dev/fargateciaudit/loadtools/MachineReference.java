package dev.fargateciaudit.loadtools;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Two fixed workloads that say how fast the machine is at the moment the benchmark runs, so that
 * bench numbers taken on different days can be told apart from the machine's own drift: the same
 * 2-core virtual machine type ran the same jar 1.3 to 1.8 times slower one day than a few hours
 * before, much of it in the kernel rather than in the audit's code (docs/performance.md,
 * "2026-12-02, later").
 *
 * @param sortMillis one thread sorting {@link #SORTED} pseudo-random ints (branchy CPU work over
 *     memory, like most of the audit; a hash would measure the CPU's SHA instructions instead)
 * @param freshMemoryMillis zeroing {@link #FRESH} bytes of memory the process has never touched:
 *     on a virtual machine a first touch can cost more than the work then done on the page
 */
record MachineReference(long sortMillis, long freshMemoryMillis) {
  static final int SORTED = 4 << 20;
  static final int FRESH = 128 << 20;

  static MachineReference measure() {
    for (int i = 0; i < 3; i++) sort(SORTED / 4); // so the timed sort runs compiled code
    long t0 = System.nanoTime();
    sort(SORTED);
    long sorted = (System.nanoTime() - t0) / 1_000_000;
    long t1 = System.nanoTime();
    // Direct memory: outside the heap, which the JVM may have touched already; the JDK zeroes it
    // on allocation, one first touch per page. Its limit is the heap's maximum by default, and
    // 128 MiB is less than any scale of the bench needs of heap.
    ByteBuffer fresh = ByteBuffer.allocateDirect(FRESH);
    long zeroed = (System.nanoTime() - t1) / 1_000_000;
    if (fresh.get(FRESH - 1) != 0) throw new IllegalStateException("fresh memory not zeroed");
    return new MachineReference(sorted, zeroed);
  }

  private static void sort(int n) {
    int[] values = new SplittableRandom(42).ints(n).toArray();
    Arrays.sort(values);
    if (n > 1 && values[0] > values[n - 1]) throw new IllegalStateException("not sorted");
  }
}
