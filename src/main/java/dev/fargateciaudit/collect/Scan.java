package dev.fargateciaudit.collect;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.inventory.CollectionError;
import dev.fargateciaudit.inventory.InventoryBuilder;
import dev.fargateciaudit.inventory.RunnerConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The state of one account's scan, shared by its collectors: configuration, clients, the
 * inventory being filled, and the one way to make a call ({@link #call}) that turns a failure
 * after retries into a {@link CollectionError} instead of an exception.
 *
 * <p>Thread-safe: collectors run in parallel and fan out per-resource calls ({@link #forEach}).
 * Every call runs as a task of its service and region ({@link CallLimits}), so at most
 * {@code --concurrency} calls of one service and region are in flight. Every access to the
 * inventory goes through {@link #write} or {@link #read}.
 */
public final class Scan {
  private final AuditConfig config;
  private final LiveOptions options;
  private final List<String> regions;
  private final RunnerConfig runner;
  private final AwsClients clients;
  private final CallLimits calls;
  private final ExecutorService collectors;
  private final InventoryBuilder inventory;
  private volatile String accountId;
  private final CompletableFuture<String> caller;
  private final RoleReader roleReader;
  private final TaskDefinitionReader taskDefinitions;
  private final FileSystemReader fileSystems;
  private final SecretReader secrets;

  Scan(AuditConfig config, LiveOptions options, List<String> regions, RunnerConfig runner,
      AwsClients clients, CallLimits calls, ExecutorService collectors, InventoryBuilder inventory,
      String accountId) {
    this(config, options, regions, runner, clients, calls, collectors, inventory,
        CompletableFuture.completedFuture(accountId));
  }

  /** @param caller the account the credentials act in, as the preflight check will answer it */
  Scan(AuditConfig config, LiveOptions options, List<String> regions, RunnerConfig runner,
      AwsClients clients, CallLimits calls, ExecutorService collectors, InventoryBuilder inventory,
      CompletableFuture<String> caller) {
    this.config = config;
    this.options = options;
    this.regions = List.copyOf(regions);
    this.runner = runner;
    this.clients = clients;
    this.calls = calls;
    this.collectors = collectors;
    this.inventory = inventory;
    this.caller = caller;
    this.roleReader = new RoleReader(this, calls.of(RoleReader.S, RoleReader.GLOBAL));
    this.taskDefinitions = new TaskDefinitionReader(this);
    this.fileSystems = new FileSystemReader(this);
    this.secrets = new SecretReader(this);
    this.accountId = caller.isDone() && !caller.isCompletedExceptionally() ? caller.join() : null;
  }

  public AuditConfig config() {
    return config;
  }

  public LiveOptions options() {
    return options;
  }

  public List<String> regions() {
    return regions;
  }

  /** The runner's driver config named by the audit config, or null. */
  public RunnerConfig runner() {
    return runner;
  }

  public AwsClients clients() {
    return clients;
  }

  /** The scan's IAM role reads: each role and managed policy once, whoever names it first. */
  RoleReader roleReader() {
    return roleReader;
  }

  /** The scan's task definitions: each described once, and what it names read as soon as it is. */
  TaskDefinitionReader taskDefinitions() {
    return taskDefinitions;
  }

  /** The scan's EFS file system reads, started by the task definitions naming them. */
  FileSystemReader fileSystems() {
    return fileSystems;
  }

  /** The scan's Secrets Manager reads, started by the task definitions naming them. */
  SecretReader secrets() {
    return secrets;
  }

  /** Runs tasks as calls of {@code service} in {@code region}, within its limit ({@link CallLimits}). */
  java.util.concurrent.Executor calls(String service, String region) {
    return calls.of(service, region);
  }

  public String accountId() {
    return accountId;
  }

  /** The partition of the scanned regions ({@code aws}, {@code aws-cn}, {@code aws-us-gov}). */
  public String partition() {
    String region = regions.get(0);
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
  }

  void accountId(String id) {
    this.accountId = id;
  }

  /** Waits for the preflight's answer (the caller's account), null when there was none. */
  String checkedCaller() {
    return caller.join();
  }

  /** Adds to the inventory. */
  public void write(Consumer<InventoryBuilder> change) {
    synchronized (inventory) {
      change.accept(inventory);
    }
  }

  /** Reads (a copy of) part of the inventory filled by collectors that ran before. */
  public <T> T read(Function<InventoryBuilder, T> query) {
    synchronized (inventory) {
      return query.apply(inventory);
    }
  }

  /**
   * Makes one call, as a task of its service and region ({@link CallLimits}); on failure after
   * the SDK's retries, records a collection error and returns empty. {@code operation} names the SDK
   * operation (as in IAM: {@code DescribeServices}); {@code region} is the call's ({@code global} for
   * IAM).
   */
  public <T> Optional<T> call(String service, String operation, String region, String resource, Supplier<T> call) {
    try {
      return Optional.ofNullable(calls.call(service, region, call));
    } catch (SdkException e) {
      recordError(service, operation, region, resource, e);
      return Optional.empty();
    }
  }

  /**
   * Like {@link #call}, but a failure is not recorded: for a batch whose items are read again one by
   * one when it fails, so that each failure is recorded against the item it concerns.
   */
  public <T> Optional<T> attempt(String service, String region, Supplier<T> call) {
    try {
      return Optional.ofNullable(calls.call(service, region, call));
    } catch (SdkException e) {
      return Optional.empty();
    }
  }

  /**
   * Like {@link #call}, but an error whose code is in {@code absentCodes} means "there is no such
   * object" (e.g. {@code PolicyNotFound}): empty, and not a collection error.
   */
  public <T> Optional<T> callOrAbsent(String service, String operation, String region, String resource,
      java.util.Set<String> absentCodes, Supplier<T> call) {
    try {
      return Optional.ofNullable(calls.call(service, region, call));
    } catch (SdkException e) {
      if (!absentCodes.contains(errorCode(e))) recordError(service, operation, region, resource, e);
      return Optional.empty();
    }
  }

  /** Pages of one listing at most: 10,000 pages of 100 are a million resources of one kind. */
  static final int MAX_PAGES = 10_000;

  /**
   * Walks a paginator page by page. A failure stops the walk and is recorded; the pages read
   * before it are kept (they were already handed to {@code page}). So does a page whose next-page
   * token an earlier page of the walk carried (the SDK would ask for the same pages again, for
   * ever: {@code RepeatedPageToken}, the page not taken), and a walk past {@link #MAX_PAGES}
   * ({@code TooManyPages}). The walk is one task of the service and region, {@code page} included.
   *
   * @return true when every page was read
   */
  public <P> boolean pages(String service, String operation, String region, String resource,
      Supplier<? extends Iterable<P>> paginator, Consumer<P> page) {
    return pages(service, operation, region, resource, Set.of(), paginator, page);
  }

  /**
   * Like {@link #pages(String, String, String, String, Supplier, Consumer)}, but an error whose code
   * is in {@code absentCodes} means "there is no such object": the walk stops, not a collection error.
   */
  public <P> boolean pages(String service, String operation, String region, String resource, Set<String> absentCodes,
      Supplier<? extends Iterable<P>> paginator, Consumer<P> page) {
    return calls.call(service, region, () -> walk(service, operation, region, resource, absentCodes, paginator, page));
  }

  private <P> boolean walk(String service, String operation, String region, String resource, Set<String> absentCodes,
      Supplier<? extends Iterable<P>> paginator, Consumer<P> page) {
    Set<Object> tokens = new HashSet<>();
    int pages = 0;
    try {
      for (P p : paginator.get()) {
        Object token = PageTokens.next(p);
        if (token != null && !tokens.add(token)) {
          recordError(service, operation, region, resource, "RepeatedPageToken",
              "a page carried the next-page token of an earlier page (the listing would repeat for ever); read up to there");
          return false;
        }
        if (++pages > MAX_PAGES) {
          recordError(service, operation, region, resource, "TooManyPages",
              "more than " + MAX_PAGES + " pages in one listing; read up to there");
          return false;
        }
        page.accept(p);
      }
      return true;
    } catch (SdkException e) {
      if (!absentCodes.contains(errorCode(e))) recordError(service, operation, region, resource, e);
      return false;
    }
  }

  /**
   * Runs {@code work} once per region, regions in parallel on collector threads (not the call
   * pool, so each region's own fan-out still runs in parallel), and waits.
   */
  public void forEachRegion(Consumer<String> work) {
    together(regions.stream().<Runnable>map(r -> () -> work.accept(r)).toList());
  }

  /**
   * Runs independent branches of a collector, each of which may fan out calls of its own, in
   * parallel on collector threads (not the call pool, so each branch's fan-out still runs in
   * parallel), and waits for all of them.
   */
  public void together(List<Runnable> branches) {
    if (branches.size() == 1) {
      branches.get(0).run();
      return;
    }
    CompletableFuture.allOf(branches.stream()
        .map(b -> CompletableFuture.runAsync(b, collectors))
        .toArray(CompletableFuture[]::new)).join();
  }

  /**
   * Runs {@code work} for each item as a call task of {@code service} in {@code region} (at most
   * {@code --concurrency} at a time) and waits for all of them. Called from a call thread it runs
   * inline, so nested fan-out cannot take every place of a bucket and deadlock.
   */
  public <T> void forEach(String service, String region, Collection<T> items, Consumer<T> work) {
    forEach(service, item -> region, items, work);
  }

  /** Like {@link #forEach(String, String, Collection, Consumer)}, each item in its own region. */
  public <T> void forEach(String service, Function<? super T, String> regionOf, Collection<T> items, Consumer<T> work) {
    if (items.size() <= 1 || CallLimits.onCallThread()) {
      items.forEach(work);
      return;
    }
    List<Future<?>> futures = new ArrayList<>(items.size());
    for (T item : items) futures.add(CallLimits.submit(calls.of(service, regionOf.apply(item)), () -> {
      work.accept(item);
      return null;
    }));
    for (Future<?> f : futures) CallLimits.await(f);
  }

  /** Records a failure that did not come from a call (e.g. an unreadable policy document). */
  public void recordError(String service, String operation, String region, String resource, String code, String message) {
    write(b -> b.add(new CollectionError(service, operation, region, code, message, resource)));
  }

  private void recordError(String service, String operation, String region, String resource, SdkException e) {
    recordError(service, operation, region, resource, errorCode(e), oneLine(e.getMessage()));
  }

  /** AWS's error code when AWS answered; otherwise what kind of client-side failure it was. */
  static String errorCode(SdkException e) {
    if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null
        && ase.awsErrorDetails().errorCode() != null) {
      return ase.awsErrorDetails().errorCode();
    }
    if (e instanceof AwsServiceException ase) return "HTTP" + ase.statusCode();
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) return "Timeout";
    Throwable cause = e.getCause();
    while (cause != null) {
      if (cause instanceof java.net.SocketTimeoutException) return "Timeout";
      if (cause instanceof java.net.SocketException || cause instanceof java.io.IOException) return "ConnectionError";
      cause = cause.getCause();
    }
    return "ClientError";
  }

  private static String oneLine(String message) {
    if (message == null) return "";
    String s = message.replaceAll("[\\r\\n]+", " ");
    return s.length() > 500 ? s.substring(0, 500) + "..." : s;
  }
}
