package dev.fargateciaudit.bench;

import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryJson;
import dev.fargateciaudit.loadtools.HeapMeter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * Times {@code InventoryJson.load} of one snapshot {@code repeats} times in this JVM (the first is
 * what a run pays: cold JIT) and prints wall and process CPU time, live heap of the inventory
 * (after a full GC), peak heap and GC cost of each load, and the load average. Unlike {@code bench
 * --load-variants} it never holds the file as bytes, so it runs at N = 100,000 with {@code -Xmx1536m}:
 * {@code java -Xmx1536m -XX:+UseSerialGC -cp target/test-classes:target/fargate-ci-audit.jar
 * dev.fargateciaudit.bench.SnapshotLoadTiming FILE [REPEATS]} (after {@code ./mvnw -Pjmh test-compile}).
 */
public final class SnapshotLoadTiming {
  private SnapshotLoadTiming() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    for (int i = 0; i < repeats; i++) {
      System.gc();
      HeapMeter heap = new HeapMeter();
      long t0 = System.nanoTime();
      long cpu0 = HeapMeter.processCpuNanos();
      Inventory inventory = InventoryJson.load(file);
      long wallMs = (System.nanoTime() - t0) / 1_000_000;
      long cpuMs = (HeapMeter.processCpuNanos() - cpu0) / 1_000_000;
      long peak = heap.peakHeapBytes();
      long gcs = heap.gcCountSinceReset();
      long gcMs = heap.gcMillisSinceReset();
      System.gc();
      System.out.printf("%s load %d: %d ms wall, %d ms CPU, inventory live heap %d MiB, peak heap %d MiB,"
              + " %d GCs (%d ms), %,d tasks, load average %.1f%n",
          file.getFileName(), i + 1, wallMs, cpuMs, heap.usedHeapBytes() >> 20, peak >> 20, gcs, gcMs,
          inventory.ecsTasks().size(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}
