package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.EstateKit.secretEnv;
import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.container;
import static dev.fargateciaudit.corpus.Resource.role;

import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Wrong. The Terraform module {@code Lucas-Hughes/terraform-aws-ephemeral-ecs-runner}
 * ({@code modules/serverless-ecs/main.tf}, {@code lambda/jobs/code/gitlab_jobs.py}) as its
 * {@code examples/serverless-ecs/main.tf} deploys it (project {@code sample}, environment
 * {@code DEV}, a new VPC, {@code additional_ecs_policies} AmazonEC2FullAccess and AmazonS3FullAccess),
 * with the runner image and token parameter its README names:
 *
 * <ul>
 *   <li>The runner manager is a Lambda function behind a function URL: a GitLab webhook calls it
 *       for each pending job, and it runs one Fargate task of the family
 *       {@code sample-dev-gitlab-runner-task} (its latest revision) in the cluster
 *       {@code sample-dev-gitlab-runner}, in the VPC module's private subnets (one NAT gateway),
 *       with no public IP, in a group with no inbound rule; the task registers a runner and runs
 *       the job with the shell executor. The function's role, trusted by
 *       {@code lambda.amazonaws.com}, has AmazonDynamoDBFullAccess, AmazonECS_FullAccess,
 *       AmazonSSMFullAccess and AWSLambdaBasicExecutionRole: it is the runner role.
 *   <li>The task's container {@code gitlab-runner} runs {@code ecs-gitlab-runner:latest} from this
 *       account's ECR and reads the registration token from a SecureString parameter by ARN.
 *   <li>The task role ({@code ecs-tasks}, no condition) has AmazonSSMReadOnlyAccess plus the
 *       example's AmazonEC2FullAccess and AmazonS3FullAccess; the execution role has
 *       AmazonECSTaskExecutionRolePolicy, AmazonEC2ContainerRegistryReadOnly,
 *       CloudWatchLogsFullAccess, AmazonDynamoDBFullAccess and AmazonSSMReadOnlyAccess.
 * </ul>
 *
 * <p>Left out: the function itself and its URL (the tool reads no Lambda: the role is named in the
 * audit config), the DynamoDB table, the log groups, the VPC module's CIDRs (the kit's layout, one
 * NAT gateway). The repository is made with the console's defaults, as the README pushes to it.
 *
 * <p>What a correct tool fails at the gate, as reference-setup.md's check 5 says:
 * <ul>
 *   <li>FCA-IAM-001 on all three roles: {@code *FullAccess} managed policies (AmazonECS_FullAccess,
 *       AmazonSSMFullAccess, AmazonDynamoDBFullAccess on the runner; AmazonEC2FullAccess,
 *       AmazonS3FullAccess on the task role; CloudWatchLogsFullAccess, AmazonDynamoDBFullAccess on
 *       the execution role).
 *   <li>FCA-IAM-005 on all three: {@code ssm:GetParameter*} on every parameter (AmazonSSMFullAccess,
 *       AmazonSSMReadOnlyAccess), and on the task role S3 object access on every bucket.
 *   <li>FCA-IAM-006, -009 and -011 on the runner: AmazonECS_FullAccess passes any role to ECS tasks
 *       and runs any task definition, not only the CI family.
 * </ul>
 * Not FCA-IAM-007: the runner runs as a Lambda function, so its role trusted by
 * {@code lambda.amazonaws.com} is the expected trust (it failed at high while only EC2 and ECS
 * tasks were). Not FCA-IAM-006 on the execution role: AmazonDynamoDBFullAccess grants
 * {@code lambda:CreateFunction} and {@code iam:PassRole} on every role, but passes roles only to
 * Application Auto Scaling and DAX, so no function runs as a role it passes (it failed critical
 * while a PassRole paired with any launch). Below the gate, exactly: the runner's PassRole also to
 * ECS, EC2 and Application Auto Scaling (FCA-IAM-010) and RunTask in any cluster (FCA-IAM-012); the two task roles'
 * trust without a source condition (FCA-IAM-008); AWS's execution-role policy (FCA-IAM-013); the
 * image by {@code latest} (FCA-IMAGES-004).
 */
final class EphemeralEcsRunnerModule extends CorpusEstate {
  static final String PROJECT = "sample-dev";

  private String runnerRole;
  private String taskRole;
  private String executionRole;
  private String taskDefinition;

  EphemeralEcsRunnerModule() {
    super("bad-ephemeral-ecs-runner-module");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    EstateKit.Network net = kit.network(PROJECT, 60, 2, false);
    String group = kit.securityGroup(net.vpc(), PROJECT + "-20240611093512345600000001", "Security group for the GitLab Runner");

    String token = kit.parameter("ecs-gitlab-runner-secret", ParameterType.SECURE_STRING, null, "not-read-by-the-tool");
    kit.parameter(PROJECT + "-webhook-header", ParameterType.SECURE_STRING, null, "not-read-by-the-tool");
    EstateKit.Repository images = kit.repository("ecs-gitlab-runner", null);
    kit.push(images, "latest");

    String lambdaName = PROJECT + "-lambda-role";
    runnerRole = kit.role(lambdaName, """
        {"Version":"2012-10-17","Statement":[{"Action":"sts:AssumeRole","Principal":{"Service":"lambda.amazonaws.com"},
          "Effect":"Allow","Sid":""}]}""");
    for (String p : new String[] {"AmazonDynamoDBFullAccess", "AmazonECS_FullAccess", "AmazonSSMFullAccess",
        "service-role/AWSLambdaBasicExecutionRole"}) {
      kit.attach(lambdaName, "arn:aws:iam::aws:policy/" + p);
    }
    String taskName = PROJECT + "-ecs-task-role";
    taskRole = kit.role(taskName, EstateKit.ecsTasksTrustNoCondition());
    for (String p : new String[] {"AmazonSSMReadOnlyAccess", "AmazonEC2FullAccess", "AmazonS3FullAccess"}) {
      kit.attach(taskName, "arn:aws:iam::aws:policy/" + p);
    }
    String execName = PROJECT + "-ecs-task-execution-role";
    executionRole = kit.role(execName, EstateKit.ecsTasksTrustNoCondition());
    for (String p : new String[] {"service-role/AmazonECSTaskExecutionRolePolicy", "AmazonEC2ContainerRegistryReadOnly",
        "CloudWatchLogsFullAccess", "AmazonDynamoDBFullAccess", "AmazonSSMReadOnlyAccess"}) {
      kit.attach(execName, "arn:aws:iam::aws:policy/" + p);
    }

    String cluster = kit.cluster(PROJECT + "-gitlab-runner");
    taskDefinition = kit.aws.ecs.registerTaskDefinition(r -> r.family(PROJECT + "-gitlab-runner-task").taskRoleArn(taskRole)
        .executionRoleArn(executionRole).networkMode(NetworkMode.AWSVPC).requiresCompatibilities(Compatibility.FARGATE)
        .cpu("4096").memory("8192").containerDefinitions(ContainerDefinition.builder().name("gitlab-runner")
            .image(images.uri() + ":latest").cpu(0).memoryReservation(512).essential(true)
            .secrets(secretEnv("REGISTRATION_TOKEN", token))
            .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of("awslogs-create-group", "true",
                "awslogs-group", "gitlab-runner-task", "awslogs-region", kit.region, "awslogs-stream-prefix", PROJECT + "/")))
            .build())).taskDefinition().taskDefinitionArn();
    kit.runJobs(cluster, taskDefinition, net.ciSubnets().get(0), group, 1);
    kit.runJobs(cluster, taskDefinition, net.ciSubnets().get(1), group, 1);

    return new ConfigFiles.AuditYml().clusters(PROJECT + "-gitlab-runner").runnerRole(runnerRole)
        .expectedEgressIps(net.egressIps()).allowedRegistries(kit.registry()).write(dir);
  }

  @Override
  Expectation expected() {
    return Expectation.gate(
            fail("FCA-IAM-001", role(runnerRole)),
            fail("FCA-IAM-001", role(taskRole)),
            fail("FCA-IAM-001", role(executionRole)),
            fail("FCA-IAM-005", role(runnerRole)),
            fail("FCA-IAM-005", role(taskRole)),
            fail("FCA-IAM-005", role(executionRole)),
            fail("FCA-IAM-006", role(runnerRole)),
            fail("FCA-IAM-009", role(runnerRole)),
            fail("FCA-IAM-011", role(runnerRole)))
        .withAdvice(
            fail("FCA-IAM-008", role(taskRole)),
            fail("FCA-IAM-008", role(executionRole)),
            fail("FCA-IAM-010", role(runnerRole)),
            fail("FCA-IAM-012", role(runnerRole)),
            fail("FCA-IAM-013", role(executionRole)),
            fail("FCA-IMAGES-004", container(taskDefinition, "gitlab-runner")))
        .andNothingElseBelowTheGate();
  }
}
