package dev.fargateciaudit.collect;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every SDK API call (one per operation invocation, retries included in that one call) by
 * IAM action name ({@code ecs:DescribeServices}), and sums the time each service's calls took.
 * Installed on every client the collectors use, so the counts are what the SDK really sent, not
 * what the collectors think they sent. It also tells its owner once when the first request has
 * left, for work that should wait until then rather than compete with it for the CPU.
 */
public final class CallLog implements ExecutionInterceptor {
  private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("fargate-ci-audit.started");
  private static final Map<String, String> IAM_PREFIX = Map.of(
      "Ec2", "ec2", "Ecs", "ecs", "Efs", "elasticfilesystem", "Iam", "iam",
      "SecretsManager", "secretsmanager", "Ecr", "ecr", "Sts", "sts");

  private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> nanosByService = new ConcurrentHashMap<>();
  private final AtomicBoolean sent = new AtomicBoolean();
  private final Runnable firstRequestSent;

  /**
   * @param firstRequestSent run once, on the calling thread, when the first request is handed to the
   *     HTTP client (a call refused before that, such as one without credentials, does not count); it
   *     must be quick
   */
  public CallLog(Runnable firstRequestSent) {
    this.firstRequestSent = firstRequestSent;
  }

  /** The IAM service prefix of an SDK service name ({@code Efs} is {@code elasticfilesystem}). */
  public static String iamPrefix(String sdkServiceName) {
    return IAM_PREFIX.getOrDefault(sdkServiceName, sdkServiceName.toLowerCase(java.util.Locale.ROOT));
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attrs) {
    attrs.putAttribute(STARTED, System.nanoTime());
    calls.computeIfAbsent(action(attrs), k -> new AtomicLong()).incrementAndGet();
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attrs) {
    if (!sent.getAndSet(true)) firstRequestSent.run();
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attrs) {
    addTime(attrs);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attrs) {
    addTime(attrs);
  }

  private void addTime(ExecutionAttributes attrs) {
    Long started = attrs.getAttribute(STARTED);
    if (started == null) return;
    String service = iamPrefix(attrs.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
    nanosByService.computeIfAbsent(service, k -> new AtomicLong()).addAndGet(System.nanoTime() - started);
  }

  private static String action(ExecutionAttributes attrs) {
    return iamPrefix(attrs.getAttribute(SdkExecutionAttribute.SERVICE_NAME)) + ":"
        + attrs.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
  }

  /** Calls so far by {@code service:Operation}, sorted. */
  public Map<String, Long> calls() {
    Map<String, Long> out = new TreeMap<>();
    calls.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  public long total() {
    return calls.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** Time spent inside each service's calls, summed over calls (what a one-call-at-a-time scan would take). */
  public Map<String, Long> millisByService() {
    Map<String, Long> out = new TreeMap<>();
    nanosByService.forEach((k, v) -> out.put(k, v.get() / 1_000_000));
    return out;
  }
}
