package dev.fargateciaudit.findings;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * @param source {@code live}, {@code snapshot}, plus {@code +planned} when planned files were overlaid
 * @param rulesHash SHA-256 over the rule files evaluated, so two reports can be compared
 * @param apiCalls AWS API calls by {@code service:Operation} (empty for snapshots)
 * @param failOn the gate threshold, or {@code never}
 * @param inputs the config, planned directory, waivers and baseline the run was given
 * @param pipeline the GitLab CI pipeline the run was made in, or null
 */
public record ReportMeta(
    String toolVersion,
    String rulesHash,
    Instant generatedAt,
    String source,
    List<String> accounts,
    List<String> regions,
    Map<String, Long> apiCalls,
    long collectionMillis,
    String failOn,
    int exitCode,
    RunInputs inputs,
    CiPipeline pipeline) {
  public ReportMeta(String toolVersion, String rulesHash, Instant generatedAt, String source, List<String> accounts,
      List<String> regions, Map<String, Long> apiCalls, long collectionMillis, String failOn, int exitCode) {
    this(toolVersion, rulesHash, generatedAt, source, accounts, regions, apiCalls, collectionMillis, failOn, exitCode,
        null, null);
  }

  public ReportMeta {
    inputs = inputs == null ? RunInputs.NONE : inputs;
    accounts = accounts == null ? List.of() : List.copyOf(accounts);
    regions = regions == null ? List.of() : List.copyOf(regions);
    apiCalls = apiCalls == null ? Map.of() : Map.copyOf(apiCalls);
  }

  public long totalApiCalls() {
    return apiCalls.values().stream().mapToLong(Long::longValue).sum();
  }
}
