package dev.fargateciaudit.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArnsTest {
  @Test
  void taskDefinitionReferencesNormaliseToFamilyRevision() {
    assertThat(Arns.taskDefinitionKey("arn:aws:ecs:eu-west-2:123456789012:task-definition/gitlab-ci:3")).isEqualTo("gitlab-ci:3");
    assertThat(Arns.taskDefinitionKey("gitlab-ci:3")).isEqualTo("gitlab-ci:3");
    assertThat(Arns.taskDefinitionKey("gitlab-ci")).isEqualTo("gitlab-ci");
  }

  @Test
  void namesAndRegionsComeFromArns() {
    assertThat(Arns.lastName("arn:aws:iam::123456789012:role/path/to/ci-role")).isEqualTo("ci-role");
    assertThat(Arns.region("arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf")).isEqualTo("us-east-1");
    assertThat(Arns.region("arn:aws:iam::123456789012:role/x")).isNull();
    assertThat(Arns.region("ci/dockerhub-login")).isNull();
  }

  @Test
  void batchesRespectTheApiMaximum() {
    assertThat(Batches.of(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), 10)).extracting(List::size).containsExactly(10, 1);
    assertThat(Batches.of(List.of(), 10)).isEmpty();
  }

  @Test
  void iamPrefixesOfSdkServiceNames() {
    assertThat(CallLog.iamPrefix("Efs")).isEqualTo("elasticfilesystem");
    assertThat(CallLog.iamPrefix("SecretsManager")).isEqualTo("secretsmanager");
    assertThat(CallLog.iamPrefix("Ec2")).isEqualTo("ec2");
  }
}
