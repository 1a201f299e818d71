package dev.fargateciaudit.collect;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The one factory of SDK clients: one per service and region, each with adaptive retry
 * ({@link RetryMode#ADAPTIVE_V2}) capped at {@code --max-attempts} that tells {@link CallLimits} of
 * throttles ({@link ThrottleAwareRetry}), connection and API-call timeouts, and the {@link CallLog}
 * interceptor, all sharing one timer thread for those timeouts and
 * one URL-connection HTTP client per pair of timeouts for the whole process: it holds nothing of
 * its own (HttpURLConnection's keep-alive cache is the JVM's; its close does nothing) but its TLS
 * context, whose trust store is read once that way. The endpoint is the SDK's own resolution, so
 * {@code AWS_ENDPOINT_URL} (or the {@code aws.endpointUrl} system property) redirects every client.
 * Credentials come from the standard chain, or from STS AssumeRole on top of it when an account role
 * is given.
 *
 * <p>A client is built on first use, or ahead of it by {@link #prepare} on other threads; a caller
 * that needs a client being built waits for that build rather than making a second one.
 */
public final class AwsClients implements AutoCloseable {
  private static final Map<List<Duration>, SdkHttpClient> HTTP = new ConcurrentHashMap<>();

  private final LiveOptions options;
  private final CallLog log;
  private final CallLimits limits;
  private final String homeRegion;
  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final Map<String, CompletableFuture<SdkClient>> clients = new ConcurrentHashMap<>();
  private final AutoCloseable credentialsResource;
  /**
   * Runs the API-call timeouts of every client. Left to itself the SDK gives each client a pool of its
   * own that grows to five threads, one per call until it has them: some thirty threads for the calls
   * of a scan, where a timer's tasks (arm, cancel, rarely fire) need one.
   */
  private final ScheduledThreadPoolExecutor timeouts = timeoutTimer();

  /**
   * @param roleArn the role to assume for the audited account, or null for the caller's own account
   * @param homeRegion region of the STS client and of global services' signing
   */
  public AwsClients(LiveOptions options, CallLog log, String homeRegion, String roleArn, String externalId) {
    this(options, log, null, homeRegion, roleArn, externalId);
  }

  /** @param limits told when AWS throttles a client's service and region (null: nobody is) */
  AwsClients(LiveOptions options, CallLog log, CallLimits limits, String homeRegion, String roleArn, String externalId) {
    this.options = options;
    this.log = log;
    this.limits = limits;
    this.homeRegion = homeRegion;
    this.http = http(options.connectTimeout(), options.callTimeout());
    AwsCredentialsProvider base = DefaultCredentialsProvider.builder().build();
    if (roleArn == null) {
      credentials = base;
      credentialsResource = null;
    } else {
      StsClient sts = configure(StsClient.builder(), homeRegion, null, base).build();
      StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
          .stsClient(sts)
          .refreshRequest(r -> {
            r.roleArn(roleArn).roleSessionName("fargate-ci-audit");
            if (externalId != null) r.externalId(externalId);
          })
          .build();
      credentials = provider;
      credentialsResource = () -> {
        provider.close();
        sts.close();
      };
    }
  }

  /**
   * Loads and initialises what every client build and first call share (the SDK's core, the HTTP
   * client with the default timeouts and its trust store) by building a client nobody uses: done on a
   * warm-up thread while the command line and the config are read, it takes that time off the first
   * call. Resolves no credentials and calls nothing.
   */
  public static void warmUp() {
    SdkHttpClient http = http(Duration.parse(LiveOptions.DEFAULT_CONNECT_TIMEOUT), Duration.parse(LiveOptions.DEFAULT_CALL_TIMEOUT));
    try (StsClient sts = StsClient.builder().region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create())
        .httpClient(http).build()) {
      DefaultCredentialsProvider.builder().build().close();
    }
  }

  private static ScheduledThreadPoolExecutor timeoutTimer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "fargate-ci-audit-timeouts");
      t.setDaemon(true);
      return t;
    });
    // A call that ends in time cancels its timeout: dropped at once, not kept until it would have fired.
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  private static SdkHttpClient http(Duration connect, Duration call) {
    return HTTP.computeIfAbsent(List.of(connect, call),
        k -> UrlConnectionHttpClient.builder().connectionTimeout(connect).socketTimeout(call).build());
  }

  /**
   * Starts building the clients of a scan's first calls (STS, IAM, and ECS and EC2 in each of
   * {@code regions}), each as its own task on {@code executor}, so they are ready (or nearly) when
   * the collectors ask. The others (EFS, Secrets Manager, Parameter Store, ECR) are built when first
   * asked for: their calls come after the task definitions are described, and an estate that needs
   * none of them builds none. Failures surface where the client is asked for.
   */
  public void prepare(List<String> regions, Executor executor) {
    executor.execute(this::sts);
    executor.execute(this::iam);
    for (String r : regions) {
      for (Function<String, SdkClient> client : List.<Function<String, SdkClient>>of(this::ecs, this::ec2)) {
        executor.execute(() -> client.apply(r));
      }
    }
  }

  public Ec2Client ec2(String region) {
    return get(Ec2Collector.S, region, k -> configure(Ec2Client.builder(), k, credentials).build());
  }

  public EcsClient ecs(String region) {
    return get(EcsCollector.S, region, k -> configure(EcsClient.builder(), k, credentials).build());
  }

  public EfsClient efs(String region) {
    return get(EfsCollector.S, region, k -> configure(EfsClient.builder(), k, credentials).build());
  }

  public SecretsManagerClient secretsManager(String region) {
    return get(SecretsManagerCollector.S, region, k -> configure(SecretsManagerClient.builder(), k, credentials).build());
  }

  public SsmClient ssm(String region) {
    return get(SsmCollector.S, region, k -> configure(SsmClient.builder(), k, credentials).build());
  }

  public EcrClient ecr(String region) {
    return get(EcrCollector.S, region, k -> configure(EcrClient.builder(), k, credentials).build());
  }

  /** IAM is global: one client, on the global endpoint, and one bucket ({@link RoleReader#GLOBAL}). */
  public IamClient iam() {
    return get(RoleReader.S, RoleReader.GLOBAL,
        k -> configure(IamClient.builder(), Region.AWS_GLOBAL.id(), k, credentials).build());
  }

  public StsClient sts() {
    return get(StsCollector.NAME, homeRegion, k -> configure(StsClient.builder(), k, credentials).build());
  }

  public String homeRegion() {
    return homeRegion;
  }

  /**
   * The client of {@code service} in {@code region} (named as {@link Scan} names their calls' bucket):
   * built here, or the one being built elsewhere, waited for.
   */
  @SuppressWarnings("unchecked")
  private <C extends SdkClient> C get(String service, String region, Function<CallLimits.Key, C> build) {
    CompletableFuture<SdkClient> mine = new CompletableFuture<>();
    CompletableFuture<SdkClient> theirs = clients.putIfAbsent(service + "@" + region, mine);
    if (theirs == null) {
      try {
        C client = build.apply(new CallLimits.Key(service, region));
        mine.complete(client);
        return client;
      } catch (RuntimeException | Error e) {
        mine.completeExceptionally(e);
        throw e;
      }
    }
    try {
      return (C) theirs.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      if (e.getCause() instanceof Error err) throw err;
      throw e;
    }
  }

  /** A builder with this scan's settings for the client of {@code bucket}'s service and region. */
  private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder, CallLimits.Key bucket, AwsCredentialsProvider creds) {
    return configure(builder, bucket.region(), bucket, creds);
  }

  /** @param bucket the calls' bucket, told of throttles; null for a client whose calls no bucket limits */
  private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder, String region, CallLimits.Key bucket, AwsCredentialsProvider creds) {
    RetryStrategy retry = AwsRetryStrategy.forRetryMode(RetryMode.ADAPTIVE_V2).toBuilder()
        .maxAttempts(options.maxAttempts()).build();
    RetryStrategy told = limits == null || bucket == null ? retry : new ThrottleAwareRetry(retry, limits, bucket);
    return builder
        .region(Region.of(region))
        .credentialsProvider(creds)
        .httpClient(http)
        .overrideConfiguration(o -> o
            .retryStrategy(told)
            .apiCallTimeout(options.callTimeout())
            .scheduledExecutorService(timeouts)
            .addExecutionInterceptor(log));
  }

  /** Closes every client built (the shared HTTP client stays: it is the process's). */
  @Override
  public void close() {
    clients.values().forEach(f -> {
      if (f.isDone() && !f.isCompletedExceptionally()) closeQuietly(f.join());
    });
    if (credentialsResource != null) closeQuietly(credentialsResource);
    timeouts.shutdownNow();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing an HTTP client cannot lose data; nothing to report
    }
  }
}
