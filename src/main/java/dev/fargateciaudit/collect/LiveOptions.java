package dev.fargateciaudit.collect;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * How to collect from a live account.
 *
 * @param regions overrides the config's regions when not empty
 * @param account restricts a multi-account config to this account id, when set
 * @param progress where a progress line goes (a TTY's stderr), or null for none
 */
public record LiveOptions(
    List<String> regions,
    String account,
    int concurrency,
    int maxAttempts,
    Duration connectTimeout,
    Duration callTimeout,
    boolean allRevisions,
    PrintWriter progress) {
  /**
   * The {@code --concurrency} default: calls in flight per service and region. At it
   * CollectionBenchmarkIT's estate scans within 1.5 times its critical path with a wave to spare
   * ({@code FanOutIT} counts the waves; at 16 it meets the target or misses it by one wave, as the
   * queued IAM calls happen to take their places). Whether AWS throttles a scan depends on how many
   * calls it makes of one bucket against that bucket's burst, not on this limit: with answers of tens
   * of milliseconds, 8 in flight already exceed every documented sustained rate the scan meets
   * (docs/collection.md).
   */
  public static final int DEFAULT_CONCURRENCY = 24;
  /**
   * The limit of a service and region AWS has throttled ({@link CallLimits}): the old default, which
   * scanned a throttled estate fastest (more in flight meet the empty bucket together and back off longer).
   */
  public static final int THROTTLED_CONCURRENCY = 8;
  /** The {@code --connect-timeout} and {@code --call-timeout} defaults (ISO-8601). */
  public static final String DEFAULT_CONNECT_TIMEOUT = "PT5S";
  public static final String DEFAULT_CALL_TIMEOUT = "PT60S";

  public LiveOptions {
    regions = regions == null ? List.of() : List.copyOf(regions);
  }
}
