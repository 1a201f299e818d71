package dev.fargateciaudit.derive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.config.CiConfig;
import dev.fargateciaudit.inventory.InventoryJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The facts the estate index gathers pass by pass are ordered at output (sorted), not in the order
 * the passes happened to add to them: here every one of them is filled out of sorted order.
 */
class FactOrderTest {
  private static final String TD_EU = "arn:aws:ecs:eu-west-2:123456789012:task-definition/";
  private static final String TD_US = "arn:aws:ecs:us-east-1:123456789012:task-definition/";
  private static final String ROLE = "arn:aws:iam::123456789012:role/";
  private static final String CLUSTER = "arn:aws:ecs:eu-west-2:123456789012:cluster/ci";
  private static final String SECRET = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:";

  /*
   * The index visits ci-z:1 (eu-west-2) before ci-a:1 (us-east-1), by ARN. ci-z:1 has task role
   * "shared" and secret "z", is used by services zz-service and aa-service (in that order) and found
   * running; ci-a:1 has execution role "shared" and secrets "z" and "a". Both mount fs-1.
   */
  private static final String ESTATE = """
      {"schemaVersion": 1,
       "meta": {"accountId": "123456789012", "regions": ["eu-west-2"], "collectionMillis": 0},
       "subnets": [{"id": "subnet-1", "region": "eu-west-2", "vpcId": "vpc-1", "cidrBlock": "10.0.0.0/24",
                    "mapPublicIpOnLaunch": false, "assignIpv6AddressOnCreation": false}],
       "ecsClusters": [{"arn": "%4$s", "name": "ci", "region": "eu-west-2", "status": "ACTIVE"}],
       "ecsServices": [
         {"arn": "arn:aws:ecs:eu-west-2:123456789012:service/ci/zz-service", "name": "zz-service", "region": "eu-west-2",
          "clusterArn": "%4$s", "taskDefinitionArn": "%1$sci-z:1", "desiredCount": 1,
          "network": {"subnets": ["subnet-1"], "securityGroups": [], "assignPublicIp": "DISABLED"}},
         {"arn": "arn:aws:ecs:eu-west-2:123456789012:service/ci/aa-service", "name": "aa-service", "region": "eu-west-2",
          "clusterArn": "%4$s", "taskDefinitionArn": "%1$sci-z:1", "desiredCount": 1,
          "network": {"subnets": ["subnet-1"], "securityGroups": [], "assignPublicIp": "DISABLED"}}],
       "ecsTasks": [{"arn": "arn:aws:ecs:eu-west-2:123456789012:task/ci/0a", "region": "eu-west-2", "clusterArn": "%4$s",
                     "taskDefinitionArn": "%1$sci-z:1", "lastStatus": "RUNNING",
                     "enis": [{"networkInterfaceId": "eni-1", "subnetId": "subnet-1"}]}],
       "taskDefinitions": [
         {"arn": "%2$sci-a:1", "family": "ci-a", "revision": 1, "region": "us-east-1", "status": "ACTIVE",
          "requiresCompatibilities": ["FARGATE"], "executionRoleArn": "%3$sshared",
          "containers": [{"name": "c", "image": "i", "secrets": [{"name": "Z", "valueFrom": "%5$sz-AbCdEf"},
                                                                  {"name": "A", "valueFrom": "%5$sa-AbCdEf"}]}],
          "volumes": [{"name": "v", "efs": {"fileSystemId": "fs-1"}}]},
         {"arn": "%1$sci-z:1", "family": "ci-z", "revision": 1, "region": "eu-west-2", "status": "ACTIVE",
          "requiresCompatibilities": ["FARGATE"], "taskRoleArn": "%3$sshared", "executionRoleArn": "%3$szz-exec",
          "containers": [{"name": "c", "image": "i", "secrets": [{"name": "Z", "valueFrom": "%5$sz-AbCdEf"}]}],
          "volumes": [{"name": "v", "efs": {"fileSystemId": "fs-1"}}]}],
       "efsFileSystems": [{"id": "fs-1", "region": "eu-west-2", "encrypted": true}],
       "iamRoles": [{"arn": "%3$szz-exec", "name": "zz-exec"}, {"arn": "%3$sshared", "name": "shared"}]
      }
      """.formatted(TD_EU, TD_US, ROLE, CLUSTER, SECRET);

  private static final Subjects SUBJECTS = Derivation.derive(
      InventoryJson.read("estate.json", ESTATE.getBytes(StandardCharsets.UTF_8)),
      new AuditConfig(null, null, new CiConfig(null, List.of("ci-*"), null, null), null, null));

  private static Subject subject(SubjectType type, String name) {
    return SUBJECTS.of(type).stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void setsTheIndexFillsPassByPassAreSorted() {
    assertThat(subject(SubjectType.CI_TASK, "ci-z:1").fields().get("ciReasons"))
        .isEqualTo(List.of("its family matches ci.taskDefinitionFamilies ci-*", "running in CI cluster ci",
            "used by service aa-service in CI cluster ci", "used by service zz-service in CI cluster ci"));
    assertThat(subject(SubjectType.CI_SUBNET, "subnet-1").scope())
        .isEqualTo(List.of("subnet of CI service aa-service and zz-service", "subnet of running CI task 0a"));
    assertThat(subject(SubjectType.ROLE, "shared").scope())
        .isEqualTo(List.of("execution role of CI task definition ci-a:1", "task role of CI task definition ci-z:1"));
    assertThat(subject(SubjectType.ROLE, "shared").fields().get("kinds")).isEqualTo(List.of("execution", "task"));
    assertThat(subject(SubjectType.CI_SUBNET, "subnet-1").fields().get("referencedBy"))
        .isEqualTo(List.of("service aa-service", "service zz-service", "task 0a"));
    assertThat(subject(SubjectType.FILE_SYSTEM, "fs-1").fields().get("usedBy")).isEqualTo(List.of("ci-a:1", "ci-z:1"));
    assertThat(subject(SubjectType.SECRET, "z-AbCdEf").fields().get("usedBy"))
        .isEqualTo(List.of("ci-a:1 container c (Z)", "ci-z:1 container c (Z)"));
  }

  @Test
  void rolesAndSecretsComeInArnOrder() {
    assertThat(SUBJECTS.of(SubjectType.ROLE).stream().map(Subject::id))
        .containsExactly(ROLE + "shared", ROLE + "zz-exec");
    assertThat(SUBJECTS.of(SubjectType.SECRET).stream().map(Subject::id))
        .containsExactly(SECRET + "a-AbCdEf", SECRET + "z-AbCdEf");
  }
}
