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
  /** The {@code --connect-timeout} and {@code --call-timeout} defaults (ISO-8601). */
  public static final String DEFAULT_CONNECT_TIMEOUT = "PT5S";
  public static final String DEFAULT_CALL_TIMEOUT = "PT60S";

  public LiveOptions {
    regions = regions == null ? List.of() : List.copyOf(regions);
  }
}
