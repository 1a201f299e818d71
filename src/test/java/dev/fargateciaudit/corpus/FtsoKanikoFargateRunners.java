package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.container;
import static dev.fargateciaudit.corpus.Resource.repository;
import static dev.fargateciaudit.corpus.Resource.role;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;

/**
 * Wrong. {@code ftsogr/gitlab-runners-aws-fargate-kaniko}: the ECS side in
 * Terraform ({@code terraform/ftso-ecs/ecs.tf}, {@code templates/container_def.json.tpl},
 * {@code terraform.tfvars}), the runner manager on an EC2 ARM host configured by Ansible
 * ({@code ansible-manager/roles/runner_registration/templates/fargate_config.j2} and
 * {@code runner_config.j2}, {@code inventories/main/host_vars/manager1.yml}):
 *
 * <ul>
 *   <li>Cluster {@code ftso-cluster}; task definition {@code java-task-def} (1 vCPU, 2 GiB,
 *       X86_64 Linux), one container {@code ci-coordinator} running
 *       {@code ACCOUNT.dkr.ecr.us-west-2.amazonaws.com/java-runner:latest}, with the port mappings
 *       the console's JSON export writes: tcp/80 and tcp/443 (app protocol http) beside tcp/22;
 *       logs to {@code /ecs/ftso/logs}. Its task role and execution role are one role, the
 *       tfvars' {@code ecsTaskExecutionRole} (the console's: trusted by {@code ecs-tasks} with no
 *       condition, {@code AmazonECSTaskExecutionRolePolicy}).
 *   <li>The driver config of runner {@code ftso-java}: cluster and task definition by name (no
 *       revision: the latest), {@code PropagateTags = true}, no public IP, SSH as root on 22.
 * </ul>
 *
 * <p>What the sources leave to the team (the tfvars' {@code subnet-xxxxxxxx}, {@code sg-xxxxxxxx};
 * the manager's role), built as the driver needs it done right: a private subnet behind a NAT
 * gateway, a job group taking tcp/22 from the manager's group only, a manager role that may run
 * {@code java-task-def} in the cluster, stop and describe its tasks, and pass the one role to ECS
 * tasks. The image's repository with the console's defaults (mutable tags, no scan on push). Left
 * out: the FARGATE_SPOT capacity providers (moto's tasks take a launch type), the cluster's ECS
 * Exec logging, the Kaniko image (the example's jobs name it in {@code .gitlab-ci.yml}, which the
 * driver ignores: the task definition's image runs).
 *
 * <p>At the gate: the one role is the task role too, so every job holds AWS's execution-role policy
 * and its {@code ecr:BatchGetImage} and {@code ecr:GetDownloadUrlForLayer} on every repository, and
 * can pull every private image of the account (FCA-IAM-014). Below it, exactly: the container maps tcp/80 and tcp/443 besides SSH
 * (FCA-PORTS-008: nothing listens to them in a CI job, and the job group does not open them); the
 * image by {@code latest} (FCA-IMAGES-004) from a repository with mutable tags and no scan on push
 * (FCA-IMAGES-006, -007); the role's trust without a source condition (FCA-IAM-008).
 */
final class FtsoKanikoFargateRunners extends CorpusEstate {
  static final String CLUSTER = "ftso-cluster";
  static final String FAMILY = "java-task-def";

  private String role;
  private String taskDefinition;
  private String repo;

  FtsoKanikoFargateRunners() {
    super("bad-ftso-kaniko-fargate-runners");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    EstateKit.Network net = kit.network("ftso", 30, 1, false);
    String managerGroup = kit.securityGroup(net.vpc(), "ftso-runner-manager", "GitLab runner manager (Ansible over SSH from the VPN)");
    kit.allowTcpFromCidrs(managerGroup, 22, List.of("10.0.0.0/16"), "Ansible");
    String jobGroup = kit.securityGroup(net.vpc(), "ftso-fargate-jobs", "Fargate CI jobs: SSH from the runner manager");
    kit.allowTcpFromGroup(jobGroup, 22, managerGroup, "fargate driver");

    var images = kit.aws.ecr.createRepository(r -> r.repositoryName("java-runner").imageTagMutability(ImageTagMutability.MUTABLE)
        .imageScanningConfiguration(s -> s.scanOnPush(false))).repository();
    repo = images.repositoryArn();
    kit.push(new EstateKit.Repository("java-runner", images.repositoryArn(), images.repositoryUri()), "latest");

    role = kit.role("ecsTaskExecutionRole", EstateKit.ecsTasksTrustNoCondition());
    kit.attach("ecsTaskExecutionRole", EstateKit.ECS_TASK_EXECUTION_ROLE_POLICY);

    String cluster = kit.cluster(CLUSTER);
    taskDefinition = kit.aws.ecs.registerTaskDefinition(r -> r.family(FAMILY).taskRoleArn(role).executionRoleArn(role)
        .requiresCompatibilities(Compatibility.FARGATE).networkMode(NetworkMode.AWSVPC).cpu("1024").memory("2048")
        .runtimePlatform(p -> p.cpuArchitecture("X86_64").operatingSystemFamily("LINUX"))
        .containerDefinitions(ContainerDefinition.builder().name("ci-coordinator").image(images.repositoryUri() + ":latest")
            .cpu(1024).memory(2048).essential(true)
            .portMappings(port("ci-coordinator-80-tcp", 80, "http"), port("ci-coordinator-22-tcp", 22, null),
                port("ci-coordinator-443-tcp", 443, "http"))
            .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of("awslogs-create-group", "true",
                "awslogs-group", "/ecs/ftso/logs", "awslogs-region", kit.region, "awslogs-stream-prefix", FAMILY)))
            .build())).taskDefinition().taskDefinitionArn();

    String runnerRole = kit.role("ftso-runner-manager", EstateKit.ec2Trust());
    kit.inline("ftso-runner-manager", "fargate-driver", """
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":"ecs:RunTask","Resource":"%1$s","Condition":{"ArnEquals":{"ecs:cluster":"%2$s"}}},
          {"Effect":"Allow","Action":["ecs:DescribeTasks","ecs:StopTask"],"Resource":"%3$s",
           "Condition":{"ArnEquals":{"ecs:cluster":"%2$s"}}},
          {"Effect":"Allow","Action":"ecs:DescribeTaskDefinition","Resource":"*"},
          {"Effect":"Allow","Action":"iam:PassRole","Resource":"%4$s",
           "Condition":{"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}}]}"""
        .formatted(kit.arn("ecs", "task-definition/" + FAMILY + ":*"), cluster, kit.arn("ecs", "task/" + CLUSTER + "/*"), role));
    kit.runnerHost("ftso-runner-manager", net.ciSubnets().get(0), managerGroup, "ftso-runner-manager");
    kit.runJobs(cluster, taskDefinition, net.ciSubnets().get(0), jobGroup, 2);

    ConfigFiles.fargateToml(dir, """
        LogLevel = "debug"
        LogFormat = "text"

        [Fargate]
          Cluster = "%s"
          Region = "%s"
          Subnet = "%s"
          SecurityGroup = "%s"
          PropagateTags = true
          TaskDefinition = "%s"
          EnablePublicIP = false

        [TaskMetadata]
          Directory = "/opt/gitlab-runner/metadata"

        [SSH]
          Username = "root"
          Port = 22
        """.formatted(CLUSTER, kit.region, net.ciSubnets().get(0), jobGroup, FAMILY));
    return new ConfigFiles.AuditYml().clusters(CLUSTER).runnerConfig("fargate.toml").runnerRole(runnerRole)
        .expectedEgressIps(net.egressIps()).sshSources(managerGroup).allowedRegistries(kit.registry()).write(dir);
  }

  private static PortMapping port(String name, int port, String appProtocol) {
    return PortMapping.builder().name(name).containerPort(port).hostPort(port).protocol(TransportProtocol.TCP)
        .appProtocol(appProtocol).build();
  }

  @Override
  Expectation expected() {
    return Expectation.gate(fail("FCA-IAM-014", role(role)))
        .withAdvice(
            fail("FCA-PORTS-008", container(taskDefinition, "ci-coordinator")),
            fail("FCA-IMAGES-004", container(taskDefinition, "ci-coordinator")),
            fail("FCA-IMAGES-006", repository(repo)),
            fail("FCA-IMAGES-007", repository(repo)),
            fail("FCA-IAM-008", role(role)))
        .andNothingElseBelowTheGate();
  }
}
