package dev.fargateciaudit.loadtools;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Peak heap and GC cost of a stretch of work, from the JVM's own memory-pool and collector beans (and
 * the process's CPU and the JIT's compilation time, from theirs).
 * The peak is the sum of each heap pool's peak since {@link #reset}: an upper bound, because the
 * pools need not peak at the same moment.
 */
public final class HeapMeter {
  private long gcCount0;
  private long gcMillis0;

  public HeapMeter() {
    reset();
  }

  public void reset() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
    }
    gcCount0 = gcCount();
    gcMillis0 = gcMillis();
  }

  public long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) sum += pool.getPeakUsage().getUsed();
    }
    return sum;
  }

  public long usedHeapBytes() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  public long maxHeapBytes() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
  }

  /** The heap the JVM started with ({@code -Xms}, or its own default). */
  public long initialHeapBytes() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getInit();
  }

  public long gcCountSinceReset() {
    return gcCount() - gcCount0;
  }

  public long gcMillisSinceReset() {
    return gcMillis() - gcMillis0;
  }

  /** CPU time of the whole process (all threads, GC included), or 0 where the JVM cannot tell. */
  public static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return Math.max(0, os.getProcessCpuTime());
    }
    return 0;
  }

  /** Time the JIT compilers have spent compiling so far, on their own threads, or 0 where the JVM cannot tell. */
  public static long jitMillis() {
    var jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
  }

  private static long gcCount() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) n += Math.max(0, gc.getCollectionCount());
    return n;
  }

  /** Time the collectors have spent so far, as their beans report it (pauses, for the parallel collector). */
  public static long gcMillis() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) n += Math.max(0, gc.getCollectionTime());
    return n;
  }
}
