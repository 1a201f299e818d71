package dev.fargateciaudit.collect;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The SDK clients test code builds estates with: one per service, all pointed at one
 * {@code moto_server} in one region with {@link MotoServer}'s static credentials (IAM is global).
 */
public final class MotoClients implements AutoCloseable {
  public final String region;
  public final Ec2Client ec2;
  public final EcsClient ecs;
  public final EfsClient efs;
  public final IamClient iam;
  public final SecretsManagerClient sm;
  public final EcrClient ecr;
  public final SsmClient ssm;

  public MotoClients(String endpoint, String region) {
    this.region = region;
    URI uri = URI.create(endpoint);
    Region r = Region.of(region);
    ec2 = build(Ec2Client.builder(), uri, r);
    ecs = build(EcsClient.builder(), uri, r);
    efs = build(EfsClient.builder(), uri, r);
    iam = build(IamClient.builder(), uri, Region.AWS_GLOBAL);
    sm = build(SecretsManagerClient.builder(), uri, r);
    ecr = build(EcrClient.builder(), uri, r);
    ssm = build(SsmClient.builder(), uri, r);
  }

  private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, URI endpoint, Region region) {
    return builder.endpointOverride(endpoint).region(region)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY)))
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  @Override
  public void close() {
    ec2.close();
    ecs.close();
    efs.close();
    iam.close();
    sm.close();
    ecr.close();
    ssm.close();
  }
}
