package dev.fargateciaudit.collect;

import dev.fargateciaudit.config.AccountConfig;
import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.config.RunnerConfigReader;
import dev.fargateciaudit.inventory.CollectionError;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryBuilder;
import dev.fargateciaudit.inventory.InventoryMeta;
import dev.fargateciaudit.inventory.RunnerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Entry point of live collection: every collector, every region, one account, one inventory.
 *
 * <p>Collectors run as soon as the collectors they depend on are done: STS (the credentials check,
 * which a failure of ends the scan), the runner, the ECS clusters' workloads and the task
 * definitions the configs name at once; the network and the task ENIs after the workloads; the
 * rest of the task definitions once the workloads and the runner are known, since what the runner
 * may start is CI; Parameter Store, ECR, and the waits for EFS, Secrets Manager and IAM, after the
 * task definitions, whose file systems, secrets and roles are read as each is described; the
 * security groups last, after the task ENIs, EFS and the runner. Inside each, a call starts as soon
 * as what it needs is known (docs/collection.md draws the graph), at most {@code --concurrency} at a time per
 * service and region ({@link CallLimits}): IAM calls do not queue behind ECS calls, nor ECS behind
 * IAM. The SDK clients exist only for the duration of the call.
 */
public final class LiveCollection {
  private LiveCollection() {}

  /**
   * What a collection produced, with the timing the run summary and the benchmark print, and the
   * runner config the scan read ({@code ci.runnerConfig}; null when the config names none), which an
   * audit lays over the inventory without reading it again.
   */
  public record Run(Inventory inventory, long wallMillis, Map<String, Long> serviceMillis, RunnerConfig runnerConfig) {
    /** Time spent in calls summed over every service: what a one-call-at-a-time scan would take. */
    public long sequentialMillis() {
      return serviceMillis.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  public static Inventory collect(AuditConfig config, LiveOptions options) {
    return run(config, options, null).inventory();
  }

  /** @param configFile the audit.yml the config came from, to resolve {@code ci.runnerConfig}; may be null */
  public static Inventory collect(AuditConfig config, LiveOptions options, Path configFile) {
    return run(config, options, configFile).inventory();
  }

  public static Run run(AuditConfig config, LiveOptions options, Path configFile) {
    return run(config, options, configFile, () -> {});
  }

  /** @param firstRequestSent run once when the scan's first request has left (see {@link CallLog#CallLog(Runnable)}) */
  public static Run run(AuditConfig config, LiveOptions options, Path configFile, Runnable firstRequestSent) {
    List<Collector> collectors = ServiceCollectors.all();
    AccountConfig account = account(config, options.account());
    List<String> regions = !options.regions().isEmpty() ? options.regions()
        : !config.regions().isEmpty() ? config.regions() : List.of(defaultRegion());
    Preflight.checkRegions(regions);

    long started = System.nanoTime();
    Instant collectedAt = Instant.now();
    CallLog log = new CallLog(firstRequestSent);
    InventoryBuilder builder = Inventory.builder();
    CallLimits callLimits = new CallLimits(options.concurrency());
    ExecutorService collectorPool = Executors.newCachedThreadPool(daemon("fargate-ci-audit-collector"));
    ScheduledExecutorService ticker = options.progress() == null ? null
        : Executors.newSingleThreadScheduledExecutor(daemon("fargate-ci-audit-progress"));
    try (AwsClients clients = new AwsClients(options, log, callLimits, regions.get(0),
        account == null ? null : account.roleArn(), account == null ? null : account.externalId())) {
      // The clients build on other threads while the runner config is read, and the credentials are
      // checked while collection starts: only the task definitions need the account (StsCollector).
      clients.prepare(regions, collectorPool);
      CompletableFuture<String> caller = CompletableFuture.supplyAsync(() -> Preflight.callerAccount(clients), collectorPool);
      RunnerConfig runner = RunnerConfigReader.readConfigured(config, configFile);
      Scan scan = new Scan(config, options, regions, runner, clients, callLimits, collectorPool, builder, caller);
      Progress progress = ticker == null ? null : new Progress(options.progress(), log, started);
      if (progress != null) ticker.scheduleAtFixedRate(progress::tick, 2, 1, TimeUnit.SECONDS);
      CompletableFuture<Void> all = startAll(collectors, scan, collectorPool, progress);
      try {
        caller.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException refused) throw refused;
        throw e;
      }
      all.join();
      if (progress != null) progress.done();
      long wall = (System.nanoTime() - started) / 1_000_000;
      builder.meta = new InventoryMeta(scan.accountId(), scan.partition(), regions, collectedAt, "live",
          toolVersion(), log.calls(), wall);
      builder.sortByIdentity();
      return new Run(builder.build(), wall, log.millisByService(), runner);
    } finally {
      if (ticker != null) ticker.shutdownNow();
      collectorPool.shutdownNow();
      callLimits.close();
    }
  }

  /** Starts {@code collectors} (in dependency order: see {@link ServiceCollectors#all}), each once its dependencies are done. */
  private static CompletableFuture<Void> startAll(List<Collector> collectors, Scan scan, ExecutorService pool, Progress progress) {
    Map<String, CompletableFuture<Void>> done = new HashMap<>();
    for (Collector c : collectors) {
      CompletableFuture<?>[] deps = c.dependsOn().stream().map(done::get).toArray(CompletableFuture[]::new);
      done.put(c.service(), CompletableFuture.allOf(deps).thenRunAsync(() -> {
        if (progress != null) progress.running(c.service());
        try {
          c.collect(scan);
        } catch (RuntimeException e) {
          scan.write(b -> c.services().forEach(service -> b.add(new CollectionError(service, "*", null, "InternalError",
              "collector failed: " + e, null))));
        }
      }, pool));
    }
    return CompletableFuture.allOf(done.values().toArray(CompletableFuture[]::new));
  }

  /** The config's accounts narrowed by {@code --account}; null means "the caller's own account". */
  static AccountConfig account(AuditConfig config, String wanted) {
    List<AccountConfig> accounts = config.accounts();
    if (wanted != null) {
      return accounts.stream().filter(a -> wanted.equals(a.id())).findFirst()
          .orElseGet(() -> {
            if (accounts.isEmpty()) return new AccountConfig(wanted, null, null);
            throw new IllegalArgumentException("--account " + wanted + " is not one of the config's accounts");
          });
    }
    if (accounts.size() > 1) {
      throw new IllegalArgumentException("the config lists " + accounts.size()
          + " accounts: pick one with --account ID (one inventory per account; 'merge' combines the reports)");
    }
    return accounts.isEmpty() ? null : accounts.get(0);
  }

  private static String defaultRegion() {
    try {
      return new DefaultAwsRegionProviderChain().getRegion().id();
    } catch (SdkClientException e) {
      throw new IllegalArgumentException("no AWS region: set 'regions' in the config, --region, or AWS_REGION");
    }
  }

  private static String toolVersion() {
    try (InputStream in = LiveCollection.class.getResourceAsStream("/fargate-ci-audit.properties")) {
      Properties p = new Properties();
      if (in != null) p.load(in);
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The progress line on a terminal: which collectors run, how many calls so far. */
  private static final class Progress {
    private final java.io.PrintWriter out;
    private final CallLog log;
    private final long started;
    private final List<String> running = new ArrayList<>();
    private volatile boolean shown;

    Progress(java.io.PrintWriter out, CallLog log, long started) {
      this.out = out;
      this.log = log;
      this.started = started;
    }

    synchronized void running(String service) {
      running.add(service);
    }

    synchronized void tick() {
      shown = true;
      out.printf("\rcollecting %-40s %5d calls %4ds", String.join(",", running), log.total(),
          (System.nanoTime() - started) / 1_000_000_000L);
      out.flush();
    }

    synchronized void done() {
      if (shown) {
        out.print("\r" + " ".repeat(70) + "\r");
        out.flush();
      }
    }
  }
}
