package dev.fargateciaudit.planned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.Mappers;
import dev.fargateciaudit.inventory.AttachedPolicy;
import dev.fargateciaudit.inventory.AwsVpcConfiguration;
import dev.fargateciaudit.inventory.ContainerDefinition;
import dev.fargateciaudit.inventory.EcsCluster;
import dev.fargateciaudit.inventory.EcsService;
import dev.fargateciaudit.inventory.IamRole;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryBuilder;
import dev.fargateciaudit.inventory.InventoryJson;
import dev.fargateciaudit.inventory.InventoryMeta;
import dev.fargateciaudit.inventory.RunnerConfig;
import dev.fargateciaudit.inventory.Source;
import dev.fargateciaudit.inventory.TaskDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlannedOverlayTest {
  static final String ACCOUNT = "123456789012";
  static final String REGION = "eu-west-2";
  static final String CLUSTER_ARN = "arn:aws:ecs:eu-west-2:123456789012:cluster/gitlab-ci";

  @TempDir Path dir;

  static Inventory live() throws IOException {
    InventoryBuilder b = Inventory.builder();
    b.meta = new InventoryMeta(ACCOUNT, "aws", List.of(REGION), Instant.parse("2026-11-27T00:00:00Z"), "synthetic", "test", null, 0);
    b.add(new EcsCluster(CLUSTER_ARN, "gitlab-ci", REGION, "ACTIVE"));
    b.add(new TaskDefinition("arn:aws:ecs:eu-west-2:123456789012:task-definition/gitlab-ci:3", "gitlab-ci", 3,
        REGION, "ACTIVE", "awsvpc", List.of("FARGATE"), "1024", "2048", null, null,
        List.of(new ContainerDefinition("ci", "123456789012.dkr.ecr.eu-west-2.amazonaws.com/ci:1.0", null,
            List.of(), List.of(), List.of(), List.of(), null, null, true, null, null)), List.of(), null));
    b.add(new EcsService("arn:aws:ecs:eu-west-2:123456789012:service/gitlab-ci/ci-warm", "ci-warm", REGION, CLUSTER_ARN,
        "FARGATE", "1.4.0", "arn:aws:ecs:eu-west-2:123456789012:task-definition/gitlab-ci:3", 1,
        new AwsVpcConfiguration(List.of("subnet-0ci"), List.of("sg-0ci"), "DISABLED"), null));
    JsonNode s3 = Mappers.json().readTree("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}");
    b.add(new IamRole("arn:aws:iam::123456789012:role/ci-exec", "ci-exec", "/", null,
        List.of(new AttachedPolicy("arn:aws:iam::aws:policy/AmazonS3FullAccess", "AmazonS3FullAccess", true, "v1", s3)),
        List.of(), null, null));
    return b.build();
  }

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  static final String TASK_DEF = """
      {
        "family": "gitlab-ci",
        "networkMode": "awsvpc",
        "requiresCompatibilities": ["FARGATE"],
        "cpu": "1024",
        "memory": "2048",
        "executionRoleArn": "arn:aws:iam::123456789012:role/ci-exec",
        "tags": [{"key": "team", "value": "platform"}],
        "containerDefinitions": [{
          "name": "ci",
          "image": "my-org/ci-image:latest",
          "repositoryCredentials": {"credentialsParameter": "arn:aws:secretsmanager:eu-west-2:123456789012:secret:dockerhub-AbC"},
          "portMappings": [{"containerPort": 22, "protocol": "tcp"}, {"containerPort": 80}],
          "environment": [{"name": "DEPLOY_TOKEN", "value": "glpat-abcdefghijklmnopqrstuvwx"}, {"name": "MODE", "value": "ci"}],
          "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:eu-west-2:123456789012:secret:db"}],
          "mountPoints": [{"sourceVolume": "shared", "containerPath": "/shared", "readOnly": false}],
          "ulimits": [{"name": "nofile", "softLimit": 1024, "hardLimit": 4096}],
          "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ci"}},
          "privileged": false,
          "readonlyRootFilesystem": true
        }],
        "volumes": [{"name": "shared", "efsVolumeConfiguration": {"fileSystemId": "fs-0abc", "transitEncryption": "ENABLED",
          "authorizationConfig": {"accessPointId": "fsap-1", "iam": "ENABLED"}}}]
      }
      """;

  @Test
  void taskDefinitionBecomesTheNextRevisionAndKeepsEveryEarlierOne() throws IOException {
    write("taskdef.json", TASK_DEF);
    Inventory before = live();
    Inventory after = PlannedOverlay.apply(before, dir);

    assertThat(before.taskDefinitions()).hasSize(1);
    assertThat(after.taskDefinitions()).hasSize(2);
    TaskDefinition td = after.taskDefinitions().get(1);
    assertThat(td.revision()).isEqualTo(4);
    assertThat(td.arn()).isEqualTo("arn:aws:ecs:eu-west-2:123456789012:task-definition/gitlab-ci:4");
    assertThat(td.source()).isEqualTo(Source.planned(dir.resolve("taskdef.json").toString(), ""));
    ContainerDefinition c = td.containers().get(0);
    assertThat(c.image()).isEqualTo("my-org/ci-image:latest");
    assertThat(c.repositoryCredentialsParameter()).endsWith("secret:dockerhub-AbC");
    assertThat(c.portMappings()).extracting(p -> p.containerPort()).containsExactly(22, 80);
    assertThat(c.environment()).extracting(e -> e.name() + "=" + e.classification())
        .containsExactly("DEPLOY_TOKEN=token", "MODE=plain");
    assertThat(c.readonlyRootFilesystem()).isTrue();
    assertThat(c.logDriver()).isEqualTo("awslogs");
    assertThat(td.volumes().get(0).efs().transitEncryption()).isEqualTo("ENABLED");
    assertThat(td.volumes().get(0).efs().accessPointId()).isEqualTo("fsap-1");
    assertThat(InventoryJson.toJson(after)).doesNotContain("glpat-abcdefghijklmnopqrstuvwx");
  }

  @Test
  void unknownKeyIsRejectedWithItsPosition() throws IOException {
    write("taskdef.json", """
        {
          "family": "gitlab-ci",
          "containerDefinitions": [{
            "name": "ci",
            "image": "ci:1",
            "portMapping": [{"containerPort": 22}]
          }]
        }
        """);
    assertThatThrownBy(() -> PlannedOverlay.apply(live(), dir))
        .isInstanceOf(BadInputException.class)
        .satisfies(e -> {
          BadInputException b = (BadInputException) e;
          assertThat(b.line()).isEqualTo(6);
          assertThat(b.column()).isEqualTo(5);
          assertThat(b.oneLine()).startsWith(dir.resolve("taskdef.json") + ":6:5: unknown key in")
              .contains("portMappings").doesNotContain("portMapping'");
        });
  }

  @Test
  void wrongTypeIsRejectedAsTheAwsCliWould() throws IOException {
    write("taskdef.json", """
        {"family": "gitlab-ci", "cpu": 1024, "containerDefinitions": [{"name": "ci", "image": "ci:1"}]}
        """);
    assertThatThrownBy(() -> PlannedOverlay.apply(live(), dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("cpu must be a string");
  }

  @Test
  void missingImageIsRejected() throws IOException {
    write("taskdef.json", """
        {"family": "gitlab-ci", "containerDefinitions": [{"name": "ci"}]}
        """);
    assertThatThrownBy(() -> PlannedOverlay.apply(live(), dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("missing image");
  }

  @Test
  void serviceUpdateReplacesTheNetworkConfigurationOnly() throws IOException {
    write("taskdef.json", TASK_DEF);
    write("service.json", """
        {
          "cluster": "gitlab-ci",
          "service": "ci-warm",
          "taskDefinition": "gitlab-ci",
          "networkConfiguration": {"awsvpcConfiguration": {
            "subnets": ["subnet-0ci"], "securityGroups": ["sg-0ci"], "assignPublicIp": "ENABLED"}}
        }
        """);
    Inventory after = PlannedOverlay.apply(live(), dir);
    assertThat(after.ecsServices()).hasSize(1);
    EcsService s = after.ecsServices().get(0);
    assertThat(s.network().assignPublicIp()).isEqualTo("ENABLED");
    assertThat(s.launchType()).isEqualTo("FARGATE");
    assertThat(s.taskDefinitionArn()).endsWith("task-definition/gitlab-ci:4");
    assertThat(s.source()).isEqualTo(Source.planned(dir.resolve("service.json").toString(), "/networkConfiguration"));
  }

  @Test
  void createServiceAddsAService() throws IOException {
    write("service.json", """
        {"cluster": "gitlab-ci", "serviceName": "ci-new", "taskDefinition": "gitlab-ci:3", "launchType": "FARGATE",
         "desiredCount": 2,
         "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0ci"], "assignPublicIp": "DISABLED"}}}
        """);
    Inventory after = PlannedOverlay.apply(live(), dir);
    assertThat(after.ecsServices()).extracting(EcsService::name).containsExactly("ci-warm", "ci-new");
    EcsService s = after.ecsServices().get(1);
    assertThat(s.arn()).isEqualTo("arn:aws:ecs:eu-west-2:123456789012:service/gitlab-ci/ci-new");
    assertThat(s.clusterArn()).isEqualTo(CLUSTER_ARN);
    assertThat(s.taskDefinitionArn()).isEqualTo("arn:aws:ecs:eu-west-2:123456789012:task-definition/gitlab-ci:3");
    assertThat(s.desiredCount()).isEqualTo(2);
  }

  @Test
  void updateOfAnUnknownServiceIsBadInput() throws IOException {
    write("service.json", """
        {"service": "nope", "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1"]}}}
        """);
    assertThatThrownBy(() -> PlannedOverlay.apply(live(), dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("update-service names a service not in the audited inventory");
  }

  @Test
  void iamManifestReplacesPoliciesAcceptingStringAndListForms() throws IOException {
    write("iam.yml", """
        roles:
          - role: ci-exec
            trustPolicy: policies/trust.json
            inlinePolicies:
              ReadRegistrySecret: policies/read-secret.json
            managedPolicies:
              - arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
          - role: arn:aws:iam::123456789012:role/ci-task
            managedPolicies:
              - arn:aws:iam::aws:policy/AmazonS3FullAccess
        """);
    write("policies/trust.json", """
        {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
          "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}}}
        """);
    write("policies/read-secret.json", """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"],
          "Resource": "arn:aws:secretsmanager:eu-west-2:123456789012:secret:dockerhub-AbC"}]}
        """);
    Inventory after = PlannedOverlay.apply(live(), dir);
    IamRole exec = after.iamRoles().get(0);
    assertThat(exec.name()).isEqualTo("ci-exec");
    assertThat(exec.assumeRolePolicy().at("/Statement/Principal/Service").asText()).isEqualTo("ecs-tasks.amazonaws.com");
    assertThat(exec.inlinePolicies()).extracting(p -> p.name()).containsExactly("ReadRegistrySecret");
    assertThat(exec.attachedPolicies()).extracting(AttachedPolicy::name).containsExactly("AmazonECSTaskExecutionRolePolicy");
    assertThat(exec.source()).isEqualTo(Source.planned(dir.resolve("iam.yml").toString(), "/roles/0"));
    IamRole task = after.iamRoles().get(1);
    assertThat(task.arn()).isEqualTo("arn:aws:iam::123456789012:role/ci-task");
    // The document of a managed policy the inventory knows is carried over.
    assertThat(task.attachedPolicies().get(0).document()).isNotNull();
  }

  @Test
  void statementWithoutEffectIsAPositionedError() throws IOException {
    write("iam.yml", """
        roles:
          - role: ci-exec
            inlinePolicies:
              Read: read.json
        """);
    write("read.json", """
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Action": "s3:GetObject", "Resource": "*"}
          ]
        }
        """);
    assertThatThrownBy(() -> PlannedOverlay.apply(live(), dir))
        .isInstanceOf(BadInputException.class)
        .satisfies(e -> assertThat(((BadInputException) e).oneLine())
            .isEqualTo(dir.resolve("read.json") + ":4:5: statement has no Effect (expected \"Allow\" or \"Deny\") at /Statement/0"));
  }

  @Test
  void manifestMistakesArePositioned() throws IOException {
    write("iam.yml", """
        roles:
          - role: ci-exec
            inlinePolicy:
              Read: read.json
        """);
    assertThatThrownBy(() -> PlannedOverlay.apply(live(), dir))
        .isInstanceOf(BadInputException.class)
        .satisfies(e -> assertThat(((BadInputException) e).oneLine())
            .startsWith(dir.resolve("iam.yml") + ":3:5: unknown key (expected one of [inlinePolicies,"));

    write("iam.yml", """
        roles:
          - role: ci-exec
            trustPolicy: missing.json
        """);
    assertThatThrownBy(() -> PlannedOverlay.apply(live(), dir))
        .isInstanceOf(BadInputException.class)
        .satisfies(e -> assertThat(((BadInputException) e).oneLine())
            .startsWith(dir.resolve("iam.yml") + ":3:5: policy file 'missing.json' not found"));
  }

  @Test
  void identityPolicyWithAPrincipalIsRejected() throws IOException {
    write("iam.yml", "roles:\n  - role: ci-exec\n    inlinePolicies:\n      P: p.json\n");
    write("p.json", "{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": \"*\"}}");
    assertThatThrownBy(() -> PlannedOverlay.apply(live(), dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("Principal is not allowed in an identity-based policy");
  }

  @Test
  void policyThatNoManifestReferencesIsBadInput() throws IOException {
    write("stray.json", "{\"Version\": \"2012-10-17\", \"Statement\": []}");
    assertThatThrownBy(() -> PlannedOverlay.apply(live(), dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("iam.yml does not reference");
  }

  @Test
  void gitlabRunnerConfigLeadsToTheDriverConfig() throws IOException {
    write("config.toml", """
        concurrent = 10
        [[runners]]
          name = "fargate"
          token = "glrt-secret-value"
          executor = "custom"
          [runners.custom]
            config_exec = "/opt/gitlab-runner/fargate"
            config_args = ["--config", "/etc/gitlab-runner/fargate.toml", "custom", "config"]
            prepare_args = ["--config", "/etc/gitlab-runner/fargate.toml", "custom", "prepare"]
        """);
    write("fargate.toml", """
        [Fargate]
          Cluster = "gitlab-ci"
          Region = "eu-west-2"
          Subnet = "subnet-0ci"
          SecurityGroup = "sg-0ci"
          TaskDefinition = "gitlab-ci"
          EnablePublicIP = true
        [SSH]
          Username = "root"
          Port = 22
        """);
    RunnerConfig rc = PlannedOverlay.apply(live(), dir).runnerConfig();
    assertThat(rc.enablePublicIp()).isTrue();
    assertThat(rc.source()).isEqualTo(Source.planned(dir.resolve("fargate.toml").toString(), "Fargate"));
  }

  @Test
  void runnerConfigNamingAMissingDriverConfigIsBadInput() throws IOException {
    write("config.toml", """
        [[runners]]
          executor = "custom"
          [runners.custom]
            config_args = ["--config=/nowhere/driver.toml", "custom", "config"]
        """);
    assertThatThrownBy(() -> PlannedOverlay.apply(live(), dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("runners[0].custom.config_args names --config /nowhere/driver.toml");
  }

  @Test
  void unrecognisedJsonIsBadInput() throws IOException {
    write("what.json", "{\"hello\": 1}");
    assertThatThrownBy(() -> PlannedOverlay.apply(live(), dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("cannot tell what this file plans");
  }

  @Test
  void malformedJsonIsBadInputWithPosition() throws IOException {
    write("taskdef.json", "{\n  \"family\": \"x\",\n  \"containerDefinitions\": [\n}");
    assertThatThrownBy(() -> PlannedOverlay.apply(live(), dir))
        .isInstanceOf(BadInputException.class)
        .satisfies(e -> assertThat(((BadInputException) e).line()).isEqualTo(4));
  }
}
