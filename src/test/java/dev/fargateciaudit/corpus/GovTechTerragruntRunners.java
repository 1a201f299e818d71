package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.EstateKit.env;
import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.container;
import static dev.fargateciaudit.corpus.Resource.repository;
import static dev.fargateciaudit.corpus.Resource.role;

import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogDriver;

/**
 * Correct at the gate. The estate of {@code GovTechSG/fargate-gitlab-runner-terraform} ({@code environments/sample-dev},
 * {@code terraform_modules/ecs-fargate-gitlab-runner-service/*.tf}) with the manager image of
 * {@code GovTechSG/fargate-gitlab-runner} ({@code fargate_worker.toml}, {@code entrypoint.sh}):
 *
 * <ul>
 *   <li>Runner managers are a Fargate service ({@code cloudposse/ecs-alb-service-task}) in a
 *       cluster of their own; each starts its jobs ("workers") in a second cluster, in its own
 *       subnet and security group, from a task definition {@code task-...-worker-KEY} whose one
 *       container is {@code ci-coordinator} with port 22. Two managers, as the sample's
 *       {@code managers_configs} ({@code dev_tool1}, {@code dev_tool2_tool3}).
 *   <li>The manager's task role (the runner role) may run, start, stop and describe tasks on the
 *       worker cluster's tasks and on the worker families ({@code family:*}), describe and list
 *       task definitions on {@code *}, and pass the worker execution role (no condition); the
 *       module adds ECS Exec's {@code ssmmessages} actions on {@code *}. The manager's execution
 *       role reads the registration token and its key.
 *   <li>The worker execution role has {@code AmazonECSTaskExecutionRolePolicy}; every role is
 *       trusted by {@code ecs-tasks.amazonaws.com} with no condition.
 *   <li>The driver config names the worker cluster and task definition by ARN (the module passes
 *       {@code worker_ecs_cluster_arn} and {@code worker_task_definition_arn}).
 * </ul>
 *
 * <p>What the sources leave to the team, built as the README asks: private subnets behind NAT
 * gateways (one per zone) for managers and workers; a manager group with no inbound rule and
 * worker groups taking tcp/22 from it; worker task roles (one reading an artifacts bucket, one
 * with nothing); worker images in private ECR repositories made with Terraform's defaults
 * (mutable tags, no scan on push), named as in the sample with no tag (so {@code latest}).
 * The registration token is named by its full ARN (the sample's placeholder is a partial ARN,
 * which the manager's IAM grant would not match). Left out: FARGATE_SPOT capacity providers, log
 * groups, the token's KMS key (named, not created). The managers' cluster is not audited: the
 * config names the workers' cluster and families, as the team's driver configs do.
 *
 * <p>Correct at the gate, and what a correct tool must not fail there: the runner role is the
 * manager's task role, trusted by ECS tasks (the manager is a Fargate task, not an EC2 instance:
 * FCA-IAM-007 expects either); its RunTask statement names the worker cluster's tasks beside the
 * families (RunTask authorises on the task definition, so {@code task/...} starts nothing:
 * FCA-IAM-011 sees only the families). Below the gate, exactly: the four CI trust policies
 * without a source condition, the runner's included (FCA-IAM-008); the runner's PassRole without
 * {@code iam:PassedToService} (FCA-IAM-010) and RunTask in any cluster (FCA-IAM-012); the worker
 * images by the implicit {@code latest} tag (FCA-IMAGES-004) from repositories with mutable tags
 * and no scan on push (FCA-IMAGES-006, -007); AWS's execution-role policy (FCA-IAM-013).
 */
final class GovTechTerragruntRunners extends CorpusEstate {
  static final String PREFIX = "my-project-dev";
  static final String SERVICE = "gitlab-runner";

  private String runnerRole;
  private String workerExecutionRole;
  private String tool1Role;
  private String tool2Role;
  private String tool1;
  private String tool2;
  private String tool1Repo;
  private String tool2Repo;

  GovTechTerragruntRunners() {
    super("ok-govtech-terragrunt-runners");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    EstateKit.Network net = kit.network(PREFIX, 20, 2, true);
    String managerCluster = kit.cluster(PREFIX + "-fargate-gitlab-runner");
    String workerCluster = kit.cluster(PREFIX + "-fargate-gitlab-runner-workers");
    String managerGroup = kit.securityGroup(net.vpc(), PREFIX + "-gitlab-runner-managers", "GitLab runner managers: no inbound");
    String moduleGroup = kit.securityGroup(net.vpc(), PREFIX + "-" + SERVICE + "-service", "Allow ALL egress from ECS service");
    String tool1Group = kit.securityGroup(net.vpc(), PREFIX + "-workers-tool1", "GitLab workers dev_tool1: SSH from the managers");
    kit.allowTcpFromGroup(tool1Group, 22, managerGroup, "SSH from runner managers");
    String tool2Group = kit.securityGroup(net.vpc(), PREFIX + "-workers-tool2-tool3", "GitLab workers dev_tool2_tool3: SSH from the managers");
    kit.allowTcpFromGroup(tool2Group, 22, managerGroup, "SSH from runner managers");

    var token = kit.secret("my-project/dev/gitlab-runner-registration-token", "{\"token\":\"not-read-by-the-tool\"}");
    String secretsKey = kit.arn("kms", "key/0d3c9a57-6b1e-4f2a-8c7d-5e9b1a2f4c6d");

    EstateKit.Repository managerRepo = kit.defaultRepository("fargate-gitlab-runner");
    kit.push(managerRepo, "latest");
    EstateKit.Repository tool1Images = kit.defaultRepository("fargate-gitlab-runner-worker-tool1");
    kit.push(tool1Images, "latest");
    EstateKit.Repository tool2Images = kit.defaultRepository("fargate-gitlab-runner-worker-tool2-tool3");
    kit.push(tool2Images, "latest");
    tool1Repo = tool1Images.arn();
    tool2Repo = tool2Images.arn();

    String workerExecName = "iam-role-" + PREFIX + "-" + SERVICE + "-worker-execution";
    workerExecutionRole = kit.role(workerExecName, EstateKit.ecsTasksTrustNoCondition());
    kit.attach(workerExecName, EstateKit.ECS_TASK_EXECUTION_ROLE_POLICY);
    tool1Role = kit.role("gitlab-worker-tool1", EstateKit.ecsTasksTrustNoCondition());
    kit.inline("gitlab-worker-tool1", "read-artifacts", """
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::my-project-dev-artifacts/*"},
          {"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::my-project-dev-artifacts"}]}""");
    tool2Role = kit.role("gitlab-worker-tool2", EstateKit.ecsTasksTrustNoCondition());

    String workerFamily = "task-" + PREFIX + "-" + SERVICE + "-worker";
    tool1 = worker(kit, workerFamily + "-dev_tool1", tool1Images.uri(), tool1Role);
    tool2 = worker(kit, workerFamily + "-dev_tool2_tool3", tool2Images.uri(), tool2Role);

    String execName = PREFIX + "-" + SERVICE + "-exec";
    String managerExecution = kit.role(execName, EstateKit.ecsTasksTrustNoCondition());
    kit.inline(execName, execName, """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*","Action":["ssm:GetParameters",
          "ecr:GetAuthorizationToken","ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage",
          "logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"]}]}""");
    kit.inline(execName, "iam-policy-" + PREFIX + "-" + SERVICE + "-get-secret", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
          "Action":["ssm:GetParameters","secretsmanager:GetSecretValue","kms:Decrypt"],"Resource":["%s","%s"]}]}"""
        .formatted(token.arn(), secretsKey));
    String taskName = PREFIX + "-" + SERVICE + "-task";
    runnerRole = kit.role(taskName, EstateKit.ecsTasksTrustNoCondition());
    kit.inline(taskName, taskName, """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*","Action":["ssmmessages:CreateControlChannel",
          "ssmmessages:CreateDataChannel","ssmmessages:OpenControlChannel","ssmmessages:OpenDataChannel"]}]}""");
    kit.inline(taskName, "iam-policy-" + SERVICE + "-run-task", """
        {"Version":"2012-10-17","Statement":[
          {"Sid":"AllowManageTasks","Effect":"Allow","Action":["ecs:RunTask","ecs:StartTask","ecs:StopTask","ecs:DescribeTasks"],
           "Resource":["%s","%s","%s"]},
          {"Sid":"AllowListTasks","Effect":"Allow","Action":["ecs:ListTaskDefinitions","ecs:DescribeTaskDefinition"],"Resource":"*"},
          {"Sid":"AllowPassWorkerECSExecRole","Effect":"Allow","Action":"iam:PassRole","Resource":"%s"}]}"""
        .formatted(kit.arn("ecs", "task/" + PREFIX + "-fargate-gitlab-runner-workers/*"),
            withAnyRevision(tool1), withAnyRevision(tool2), workerExecutionRole));

    String managerContainer = "cd-ecs-" + PREFIX + "-" + SERVICE + "-manager";
    String manager = kit.taskDefinition(PREFIX + "-" + SERVICE, managerExecution, runnerRole, null, ContainerDefinition.builder()
        .name(managerContainer).image(managerRepo.uri()).essential(true).memoryReservation(512)
        .environment(env("GITLAB_URL", "https://gitlab.example.gov.sg"), env("RUNNER_CONCURRENCY", "10"),
            env("RUNNER_NAME_PREFIX", "my-project-dev"), env("MANAGERS_CONFIGS", managersConfigs(kit, net, tool1Group, tool2Group)))
        .secrets(EstateKit.secretEnv("GITLAB_REGISTRATION_TOKEN", token.arn()))
        .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of("awslogs-create-group", "true",
            "awslogs-region", kit.region, "awslogs-stream-prefix", SERVICE, "awslogs-group", "cwl-" + PREFIX + "-" + SERVICE))).build());
    String service = kit.aws.ecs.createService(r -> r.cluster(managerCluster).serviceName(PREFIX + "-" + SERVICE)
        .taskDefinition(manager).desiredCount(1).launchType("FARGATE").platformVersion("LATEST").enableExecuteCommand(true)
        .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(net.ciSubnets()).securityGroups(managerGroup, moduleGroup)
            .assignPublicIp(AssignPublicIp.DISABLED)))).service().serviceName();
    kit.serviceTask(managerCluster, service, manager, net.ciSubnets().get(0), managerGroup);

    kit.runJobs(workerCluster, tool1, net.ciSubnets().get(0), tool1Group, 2);
    kit.runJobs(workerCluster, tool2, net.ciSubnets().get(1), tool2Group, 1);

    ConfigFiles.fargateToml(dir, """
        LogLevel = "info"
        LogFormat = "text"

        [Fargate]
         Cluster = "%s"
         Region = "%s"
         Subnet = "%s"
         SecurityGroup = "%s"
         TaskDefinition = "%s"
         EnablePublicIP = false

        [TaskMetadata]
         Directory = "/opt/gitlab-runner/metadata"

        [SSH]
         Username = "user_1"
         Port = 22
        """.formatted(workerCluster, kit.region, net.ciSubnets().get(0), tool1Group, tool1));
    return new ConfigFiles.AuditYml().clusters(PREFIX + "-fargate-gitlab-runner-workers").families(workerFamily + "-*")
        .runnerConfig("fargate.toml").runnerRole(runnerRole).expectedEgressIps(net.egressIps()).sshSources(managerGroup)
        .allowedRegistries(kit.registry()).write(dir);
  }

  /** {@code mongodb/ecs-task-definition}'s worker: {@code ci-coordinator} on port 22, logs to CloudWatch. */
  private String worker(EstateKit kit, String family, String image, String taskRole) {
    return kit.taskDefinition(family, workerExecutionRole, taskRole, null, ContainerDefinition.builder()
        .name("ci-coordinator").image(image).essential(true).memoryReservation(512)
        .portMappings(p -> p.containerPort(22))
        .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of("awslogs-region", kit.region,
            "awslogs-stream-prefix", family, "awslogs-group", "cwl-" + PREFIX + "-" + SERVICE))).build());
  }

  /** The module's {@code replace(arn, "/[[:digit:]]+$/", "*")}. */
  private static String withAnyRevision(String taskDefinitionArn) {
    return taskDefinitionArn.replaceAll("[0-9]+$", "*");
  }

  /** The module's {@code MANAGERS_CONFIGS}: each manager's worker settings, as the manager image reads them. */
  private String managersConfigs(EstateKit kit, EstateKit.Network net, String tool1Group, String tool2Group) {
    String cluster = kit.arn("ecs", "cluster/" + PREFIX + "-fargate-gitlab-runner-workers");
    return """
        {"dev_tool1":{"manager_name":"dev_tool1","tag_list":"dev,tool1","limit":10,"worker_ecs_cluster_arn":"%1$s",\
        "worker_aws_region":"%2$s","worker_subnet_id":"%3$s","worker_security_group_id":"%4$s","worker_task_definition_arn":"%5$s",\
        "worker_ssh_user":"user_1"},"dev_tool2_tool3":{"manager_name":"dev_tool2_tool3","tag_list":"dev,tool2,tool3","limit":5,\
        "worker_ecs_cluster_arn":"%1$s","worker_aws_region":"%2$s","worker_subnet_id":"%6$s","worker_security_group_id":"%7$s",\
        "worker_task_definition_arn":"%8$s","worker_ssh_user":"user_2"}}"""
        .formatted(cluster, kit.region, net.ciSubnets().get(0), tool1Group, tool1, net.ciSubnets().get(1), tool2Group, tool2);
  }

  @Override
  Expectation expected() {
    return Expectation.passesTheGate()
        .withAdvice(
            fail("FCA-IAM-008", role(runnerRole)),
            fail("FCA-IAM-008", role(workerExecutionRole)),
            fail("FCA-IAM-008", role(tool1Role)),
            fail("FCA-IAM-008", role(tool2Role)),
            fail("FCA-IAM-010", role(runnerRole)),
            fail("FCA-IAM-012", role(runnerRole)),
            fail("FCA-IAM-013", role(workerExecutionRole)),
            fail("FCA-IMAGES-004", container(tool1, "ci-coordinator")),
            fail("FCA-IMAGES-004", container(tool2, "ci-coordinator")),
            fail("FCA-IMAGES-006", repository(tool1Repo)),
            fail("FCA-IMAGES-006", repository(tool2Repo)),
            fail("FCA-IMAGES-007", repository(tool1Repo)),
            fail("FCA-IMAGES-007", repository(tool2Repo)))
        .andNothingElseBelowTheGate();
  }
}
