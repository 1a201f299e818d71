package dev.fargateciaudit.cli;

import dev.fargateciaudit.collect.LiveOptions;
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

  @Option(names = "--concurrency", defaultValue = "8", description = "Parallel AWS service collections (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--max-attempts", defaultValue = "5", description = "Attempts per AWS call, with adaptive retry (default ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Option(names = "--connect-timeout", defaultValue = LiveOptions.DEFAULT_CONNECT_TIMEOUT, description = "Connection timeout, ISO-8601 (default ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @Option(names = "--call-timeout", defaultValue = LiveOptions.DEFAULT_CALL_TIMEOUT, description = "Timeout of one API call including retries (default ${DEFAULT-VALUE}).")
  Duration callTimeout;

  @Option(names = "--all-revisions", description = "Collect every ACTIVE revision of CI task-definition families, not only the latest.")
  boolean allRevisions;

  LiveOptions toOptions(PrintWriter progress) {
    if (concurrency < 1) throw new IllegalArgumentException("--concurrency must be at least 1");
    if (maxAttempts < 1) throw new IllegalArgumentException("--max-attempts must be at least 1");
    return new LiveOptions(regions, account, concurrency, maxAttempts, connectTimeout, callTimeout, allRevisions, progress);
  }
}
