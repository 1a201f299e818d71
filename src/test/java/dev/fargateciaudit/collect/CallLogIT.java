package dev.fargateciaudit.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fargateciaudit.config.AuditConfig;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.ResolveIdentityRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The "first request has left" signal a live audit waits for before it loads the built-in rules:
 * once per scan, only for a request really handed to the HTTP client, and never for a scan refused
 * before it calls (the audit then starts the rules' load when the scan ends).
 */
class CallLogIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private StsClient sts(CallLog log, AwsCredentialsProvider credentials) {
    return StsClient.builder().endpointOverride(URI.create(MOTO.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(c -> c.addExecutionInterceptor(log)).build();
  }

  @Test
  void firstRequestSentRunsOnceWhenARequestLeavesNotWhenACallFailsBeforeIt() {
    AtomicInteger sent = new AtomicInteger();
    CallLog log = new CallLog(sent::incrementAndGet);
    // Counted (beforeExecution) but refused before it is sent: its credentials fail at signing.
    AwsCredentialsProvider none = new AwsCredentialsProvider() {
      @Override
      public AwsCredentials resolveCredentials() {
        throw SdkClientException.create("no credentials here");
      }

      @Override
      public CompletableFuture<AwsCredentialsIdentity> resolveIdentity(ResolveIdentityRequest request) {
        return CompletableFuture.failedFuture(SdkClientException.create("no credentials here"));
      }
    };
    try (StsClient refused = sts(log, none)) {
      assertThatThrownBy(refused::getCallerIdentity).isInstanceOf(SdkClientException.class);
    }
    assertThat(log.calls()).isEqualTo(Map.of("sts:GetCallerIdentity", 1L));
    assertThat(sent).hasValue(0);

    try (StsClient sts = sts(log, StaticCredentialsProvider.create(
        AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY)))) {
      assertThat(sts.getCallerIdentity().account()).isEqualTo(Estate.ACCOUNT);
      assertThat(sent).hasValue(1);
      sts.getCallerIdentity();
    }
    assertThat(log.calls()).isEqualTo(Map.of("sts:GetCallerIdentity", 3L));
    assertThat(sent).hasValue(1);
  }

  @Test
  void aScanTellsItsCallerOnceAndARefusedScanNever() {
    try (Estate estate = new Estate(MOTO.endpoint(), "eu-west-2").blog()) {
      // Built: the scan below reads it.
    }
    AtomicInteger sent = new AtomicInteger();
    LiveCollection.Run run = LiveCollection.run(AuditConfig.DEFAULTS, LiveCollectionIT.options("eu-west-2"), null, sent::incrementAndGet);
    assertThat(run.inventory().collectionErrors()).isEmpty();
    assertThat(run.inventory().meta().apiCalls().values().stream().mapToLong(Long::longValue).sum()).isGreaterThan(1);
    assertThat(sent).hasValue(1);

    AtomicInteger refused = new AtomicInteger();
    assertThatThrownBy(() -> LiveCollection.run(AuditConfig.DEFAULTS, LiveCollectionIT.options("eu-west2"), null, refused::incrementAndGet))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("region 'eu-west2' is not an AWS region");
    assertThat(refused).hasValue(0);
  }
}
