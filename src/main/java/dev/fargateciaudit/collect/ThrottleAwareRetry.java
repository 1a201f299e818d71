package dev.fargateciaudit.collect;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RecordSuccessResponse;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * A client's retry strategy that tells {@link CallLimits} when AWS throttles the client's bucket
 * (service and region): the SDK asks it after every failed attempt, so every throttle is seen, even
 * one whose call has no attempt left. Everything else is the wrapped strategy's.
 */
final class ThrottleAwareRetry implements RetryStrategy {
  private final RetryStrategy strategy;
  private final CallLimits limits;
  private final CallLimits.Key bucket;

  ThrottleAwareRetry(RetryStrategy strategy, CallLimits limits, CallLimits.Key bucket) {
    this.strategy = strategy;
    this.limits = limits;
    this.bucket = bucket;
  }

  @Override
  public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
    return strategy.acquireInitialToken(request);
  }

  @Override
  public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
    if (request.failure() instanceof AwsServiceException e && e.isThrottlingException()) {
      limits.throttled(bucket.service(), bucket.region());
    }
    return strategy.refreshRetryToken(request);
  }

  @Override
  public RecordSuccessResponse recordSuccess(RecordSuccessRequest request) {
    return strategy.recordSuccess(request);
  }

  @Override
  public int maxAttempts() {
    return strategy.maxAttempts();
  }

  @Override
  public boolean useClientDefaults() {
    return strategy.useClientDefaults();
  }

  @Override
  public Builder<?, ?> toBuilder() {
    return strategy.toBuilder();
  }
}
