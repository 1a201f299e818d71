package dev.fargateciaudit.cli;

import dev.fargateciaudit.collect.LiveOptions;
import dev.fargateciaudit.collect.Preflight;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options of live collection, shared by {@code audit --live} and {@code collect}. */
public final class LiveMixin {
  @Option(names = "--region", description = "Region to scan (repeatable); overrides the config's regions.")
  List<String> regions = new ArrayList<>();

  @Option(names = "--account", description = "Scan only this account id of the config's accounts.")
  String account;

  @Option(names = "--concurrency", defaultValue = "" + LiveOptions.DEFAULT_CONCURRENCY, description = "AWS calls in flight at most, per service and region (default ${DEFAULT-VALUE}), narrowed to "
      + LiveOptions.THROTTLED_CONCURRENCY + " for a service and region AWS throttles.")
  int concurrency;

  @Option(names = "--max-attempts", defaultValue = "5", description = "Attempts per AWS call, with adaptive retry (default ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Option(names = "--connect-timeout", defaultValue = LiveOptions.DEFAULT_CONNECT_TIMEOUT, description = "Connection timeout, ISO-8601 (default ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @Option(names = "--call-timeout", defaultValue = LiveOptions.DEFAULT_CALL_TIMEOUT, description = "Timeout of one API call including retries (default ${DEFAULT-VALUE}).")
  Duration callTimeout;

  @Option(names = "--all-revisions", description = "Collect every ACTIVE revision of CI task-definition families, not only the latest.")
  boolean allRevisions;

  /** Most calls in flight per service and region: each is a thread with its own connection. */
  static final int MAX_CONCURRENCY = 64;
  /** Most attempts of one call: beyond it a failing endpoint only slows the scan down. */
  static final int MAX_ATTEMPTS = 20;
  /** Longest timeout: a call that needs more than this is a hung endpoint. */
  static final Duration MAX_TIMEOUT = Duration.ofHours(1);

  /**
   * Checks every option before anything is read (in snapshot mode too, where they are unused: a typo
   * is a typo): regions are AWS regions, counts and timeouts are positive and bounded.
   */
  void validate() {
    Preflight.checkRegions(regions);
    if (account != null && !account.matches("\\d{12}")) {
      throw new IllegalArgumentException("--account " + account + " is not an account id (expected 12 digits)");
    }
    range("--concurrency", concurrency, 1, MAX_CONCURRENCY);
    range("--max-attempts", maxAttempts, 1, MAX_ATTEMPTS);
    timeout("--connect-timeout", connectTimeout);
    timeout("--call-timeout", callTimeout);
  }

  LiveOptions toOptions(PrintWriter progress) {
    validate();
    return new LiveOptions(regions, account, concurrency, maxAttempts, connectTimeout, callTimeout, allRevisions, progress);
  }

  private static void range(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(option + " " + value + " is out of range (expected " + min + " to " + max + ")");
    }
  }

  private static void timeout(String option, Duration d) {
    if (d.isNegative() || d.isZero() || d.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException(option + " " + d + " is out of range (expected a positive duration of at most "
          + MAX_TIMEOUT + ", such as PT30S)");
    }
  }
}
