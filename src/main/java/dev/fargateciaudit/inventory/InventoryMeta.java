package dev.fargateciaudit.inventory;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where an inventory came from.
 *
 * @param source {@code live}, {@code snapshot}, {@code synthetic} or {@code example}
 * @param apiCalls AWS API calls made while collecting, by {@code service:Operation}
 * @param collectionMillis wall time spent collecting (0 for a snapshot that was not collected)
 */
public record InventoryMeta(
    String accountId,
    String partition,
    List<String> regions,
    Instant collectedAt,
    String source,
    String toolVersion,
    Map<String, Long> apiCalls,
    long collectionMillis) {

  public InventoryMeta {
    regions = Lists.of(regions);
    apiCalls = apiCalls == null ? Map.of() : Map.copyOf(apiCalls);
    partition = partition == null ? "aws" : partition;
  }

  public long totalApiCalls() {
    return apiCalls.values().stream().mapToLong(Long::longValue).sum();
  }
}
