package dev.fargateciaudit.derive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every form of secret reference ECS accepts, read as ECS reads it. */
class SecretLookupTest {
  static final String SM = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/db-AbCdEf";

  @Test
  void secretsManagerArnsLoseTheirJsonKeyAndVersionSuffix() {
    assertThat(SecretLookup.ofValueFrom(SM, "eu-west-2")).isEqualTo(new SecretLookup("secretsmanager", SM, "eu-west-1"));
    assertThat(SecretLookup.ofValueFrom(SM + ":password::", "eu-west-2").lookup()).isEqualTo(SM);
    assertThat(SecretLookup.ofValueFrom(SM + ":password:AWSCURRENT:", "eu-west-2").lookup()).isEqualTo(SM);
    assertThat(SecretLookup.ofValueFrom(SM + "::AWSPREVIOUS:", "eu-west-2").lookup()).isEqualTo(SM);
    assertThat(SecretLookup.ofValueFrom(SM + ":password::6f1d2b3c-0000-4000-8000-000000000000", "eu-west-2").lookup()).isEqualTo(SM);
    String partial = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/db";
    assertThat(SecretLookup.ofValueFrom(partial, "eu-west-2").lookup()).isEqualTo(partial);
  }

  @Test
  void registryCredentialsAreSecretsManagerByArnOrByNameInTheTasksRegion() {
    assertThat(SecretLookup.ofRepositoryCredentials(SM, "eu-west-2")).isEqualTo(new SecretLookup("secretsmanager", SM, "eu-west-1"));
    assertThat(SecretLookup.ofRepositoryCredentials("ci/dockerhub", "eu-west-2"))
        .isEqualTo(new SecretLookup("secretsmanager", "ci/dockerhub", "eu-west-2"));
  }

  @Test
  void parametersByArnOrByBareName() {
    SecretLookup path = SecretLookup.ofValueFrom("arn:aws:ssm:us-east-1:123456789012:parameter/ci/npm/token", "eu-west-2");
    assertThat(path.parameterStore()).isTrue();
    assertThat(path.region()).isEqualTo("us-east-1");
    assertThat(path.account()).isEqualTo("123456789012");
    assertThat(path.parameterNames()).containsExactly("/ci/npm/token");
    SecretLookup word = SecretLookup.ofValueFrom("arn:aws:ssm:eu-west-2:123456789012:parameter/ci-user", "eu-west-2");
    assertThat(word.parameterNames()).containsExactly("ci-user", "/ci-user");
    SecretLookup bare = SecretLookup.ofValueFrom("ci-user", "eu-west-2");
    assertThat(bare).isEqualTo(new SecretLookup("ssm", "ci-user", "eu-west-2"));
    assertThat(bare.parameterNames()).isEqualTo(List.of("ci-user"));
    assertThat(bare.account()).isNull();
    assertThat(SecretLookup.ofValueFrom("/ci/sonar/token", "eu-west-2").parameterNames()).containsExactly("/ci/sonar/token");
  }
}
