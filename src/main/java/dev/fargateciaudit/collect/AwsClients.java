package dev.fargateciaudit.collect;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
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
 * The one factory of SDK clients. A client is built on first use (building one is a noticeable
 * part of start-up), once per service and region, with: adaptive retry ({@link RetryMode#ADAPTIVE_V2})
 * capped at {@code --max-attempts}; connection and API-call timeouts; the lightweight
 * URL-connection HTTP client; the {@link CallLog} interceptor. The endpoint is the SDK's own
 * resolution, so {@code AWS_ENDPOINT_URL} (or the {@code aws.endpointUrl} system property)
 * redirects every client. Credentials come from the standard chain, or from STS AssumeRole on
 * top of it when an account role is given.
 */
public final class AwsClients implements AutoCloseable {
  private final LiveOptions options;
  private final CallLog log;
  private final String homeRegion;
  private final AwsCredentialsProvider credentials;
  private final Map<String, AutoCloseable> clients = new ConcurrentHashMap<>();
  private final AutoCloseable credentialsResource;

  /**
   * @param roleArn the role to assume for the audited account, or null for the caller's own account
   * @param homeRegion region of the STS client and of global services' signing
   */
  public AwsClients(LiveOptions options, CallLog log, String homeRegion, String roleArn, String externalId) {
    this.options = options;
    this.log = log;
    this.homeRegion = homeRegion;
    AwsCredentialsProvider base = DefaultCredentialsProvider.builder().build();
    if (roleArn == null) {
      credentials = base;
      credentialsResource = null;
    } else {
      StsClient sts = configure(StsClient.builder(), homeRegion, base).build();
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

  public Ec2Client ec2(String region) {
    return get("ec2", region, r -> configure(Ec2Client.builder(), r, credentials).build());
  }

  public EcsClient ecs(String region) {
    return get("ecs", region, r -> configure(EcsClient.builder(), r, credentials).build());
  }

  public EfsClient efs(String region) {
    return get("efs", region, r -> configure(EfsClient.builder(), r, credentials).build());
  }

  public SecretsManagerClient secretsManager(String region) {
    return get("secretsmanager", region, r -> configure(SecretsManagerClient.builder(), r, credentials).build());
  }

  public SsmClient ssm(String region) {
    return get("ssm", region, r -> configure(SsmClient.builder(), r, credentials).build());
  }

  public EcrClient ecr(String region) {
    return get("ecr", region, r -> configure(EcrClient.builder(), r, credentials).build());
  }

  /** IAM is global: one client, on the global endpoint. */
  public IamClient iam() {
    return get("iam", Region.AWS_GLOBAL.id(), r -> configure(IamClient.builder(), r, credentials).build());
  }

  public StsClient sts() {
    return get("sts", homeRegion, r -> configure(StsClient.builder(), r, credentials).build());
  }

  public String homeRegion() {
    return homeRegion;
  }

  @SuppressWarnings("unchecked")
  private <C extends AutoCloseable> C get(String service, String region, Function<String, C> build) {
    return (C) clients.computeIfAbsent(service + "@" + region, k -> build.apply(region));
  }

  private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder, String region, AwsCredentialsProvider creds) {
    return builder
        .region(Region.of(region))
        .credentialsProvider(creds)
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(options.connectTimeout())
            .socketTimeout(options.callTimeout()))
        .overrideConfiguration(o -> o
            .retryStrategy(AwsRetryStrategy.forRetryMode(RetryMode.ADAPTIVE_V2).toBuilder()
                .maxAttempts(options.maxAttempts()).build())
            .apiCallTimeout(options.callTimeout())
            .addExecutionInterceptor(log));
  }

  @Override
  public void close() {
    clients.values().forEach(AwsClients::closeQuietly);
    if (credentialsResource != null) closeQuietly(credentialsResource);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing an HTTP client cannot lose data; nothing to report
    }
  }
}
