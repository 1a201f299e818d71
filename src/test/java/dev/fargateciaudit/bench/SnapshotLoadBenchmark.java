package dev.fargateciaudit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.input.Mappers;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reading a snapshot: the whole {@code InventoryJson.read} (schema validation + binding) against
 * plain record binding and against building a JsonNode tree (what tree-based validation costs).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SnapshotLoadBenchmark {
  @Param({"1000"})
  int scale;

  byte[] json;

  @Setup
  public void setUp() {
    json = Estates.snapshot(scale);
  }

  @Benchmark
  public Inventory inventoryJsonRead() {
    return InventoryJson.read("bench.json", json);
  }

  @Benchmark
  public Inventory bindRecords() throws IOException {
    return Mappers.json().readValue(json, Inventory.class);
  }

  @Benchmark
  public Inventory bindRecordsFromStream() throws IOException {
    return Mappers.json().readValue(new ByteArrayInputStream(json), Inventory.class);
  }

  @Benchmark
  public JsonNode readTree() throws IOException {
    return Mappers.json().readTree(json);
  }

  @Benchmark
  public Inventory treeThenBind() throws IOException {
    return Mappers.json().treeToValue(Mappers.json().readTree(json), Inventory.class);
  }
}
