package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.EstateKit.env;
import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.container;
import static dev.fargateciaudit.corpus.Resource.repository;
import static dev.fargateciaudit.corpus.Resource.role;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.VpcEndpointType;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Wrong, in the runner's own policy. The Terraform of {@code james-bjss/fargate-aws-github-runner}
 * ({@code modules/runner/{main,policies}.tf} and {@code policies/lambda-runner.json},
 * {@code examples/fargate-complete/{vpc,ecs,example}.tf}, {@code policies/ecs-*.json} and
 * {@code example.tfvars}): ephemeral CI runners started as one Fargate task per queued job, as the
 * complete example deploys them (prefix {@code github-actions}, family prefix {@code gh_}). Not GitLab's
 * runner but the same estate: a runner manager that starts each CI job as a Fargate task.
 *
 * <ul>
 *   <li>Network: the VPC module ({@code vpc-fargate-demo}, {@code 10.0.0.0/16}) with private subnets
 *       {@code 10.0.1.0/24}, {@code 10.0.2.0/24} and public {@code 10.0.101.0/24}, {@code 10.0.102.0/24}
 *       in two zones, one NAT gateway ({@code single_nat_gateway}) and its Elastic IP, no public IP
 *       on launch, and an S3 gateway endpoint on every route table. Jobs run in the private subnets
 *       with no public IP in {@code allow_runner}: no inbound rule, all egress (IPv4 and IPv6).
 *   <li>The runner manager is the Lambda function {@code github-actions-runner}; its role
 *       {@code /github-actions/github-actions-action-runner-lambda-role} (a role path), trusted by
 *       {@code lambda.amazonaws.com}, may list task definitions, RunTask on
 *       {@code task-definition/gh_*} in the cluster {@code ecs-fargate} only (ArnEquals
 *       {@code ecs:cluster}), pass two roles (its own, and the execution role), read the GitHub
 *       App's two parameters, and {@code ssm:PutParameter} on {@code *}: it writes each job's runner
 *       token as a SecureString under {@code /actions_runner/tokens/}.
 *   <li>Task definition {@code gh_linux} (Fargate): container {@code runner}, image
 *       {@code gh-agent/ubuntu:latest} from this account's ECR, logs to {@code /ecs/gh_runner/gh_runner}.
 *       Execution role: AWS's execution-role policy plus log writing to that group. Task role: read
 *       and delete the token parameters ({@code parameter/actions_runner/tokens/*}). Both trusted
 *       by {@code ecs-tasks.amazonaws.com} with no condition.
 * </ul>
 *
 * <p>Left out: the two Lambda functions, their log groups, the API Gateway and the SQS queues (the
 * tool reads none of them: the runner role is named in the audit config); the cluster's
 * execute-command logging and capacity providers; the GitHub App's parameters' values. The ECR
 * repository is made outside the Terraform ("the below assumes you have already created an ECR
 * registry"): here as {@code aws ecr create-repository} makes it (mutable tags, no scan on push).
 * Jobs run as the function starts them (one RunTask each, the job's token path and labels as
 * container overrides), two at a time, one per private subnet, each with its token parameter.
 *
 * <p>What a correct tool fails at the gate, by reference-setup.md's check 5, on the runner role:
 * FCA-IAM-005, {@code ssm:PutParameter} on every parameter: the function may overwrite any
 * parameter of the account, a CI task's {@code valueFrom} secrets included, not only the tokens it
 * writes (the Parameter Store twin of {@code secretsmanager:PutSecretValue}, which the tool has
 * always failed on {@code *}; it passed silently); FCA-IAM-009: it may pass its own role, which is
 * no CI task role (the module names {@code aws_iam_role.runner}, the function's role, where the
 * task role was meant). Below the gate, exactly: that PassRole names no service (FCA-IAM-010), the
 * two task roles' trust without a source condition (FCA-IAM-008), AWS's execution-role policy
 * (FCA-IAM-013), the {@code latest} tag (FCA-IMAGES-004) and the repository's mutable tags and
 * scanning (FCA-IMAGES-006, -007). Nothing else: RunTask is limited to the {@code gh_*} families
 * in the CI cluster, the task role's SSM grants name the token path, the group takes nothing
 * inbound, egress goes through the one NAT gateway.
 */
final class FargateGithubRunnerModule extends CorpusEstate {
  static final String PREFIX = "github-actions";

  private String runnerRole;
  private String executionRole;
  private String taskRole;
  private String ghLinux;
  private EstateKit.Repository images;

  FargateGithubRunnerModule() {
    super("bad-fargate-github-runner-module");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    Vpc vpc = vpc(kit);
    var ec2 = kit.aws.ec2;
    String group = kit.securityGroup(vpc.id, "allow_runner", "Allow Outbound Runner Traffic");
    ec2.authorizeSecurityGroupEgress(r -> r.groupId(group).ipPermissions(IpPermission.builder().ipProtocol("-1")
        .ipv6Ranges(i -> i.cidrIpv6("::/0")).build()));

    String cluster = kit.cluster("ecs-fargate");
    images = kit.repositoryAsCreated(r -> r.repositoryName("gh-agent/ubuntu"));
    kit.push(images, "latest");
    String logGroup = "/ecs/gh_runner/gh_runner";
    String logGroupArn = kit.arn("logs", "log-group:" + logGroup);

    executionRole = kit.role(PREFIX + "-runner-execution-role", EstateKit.ecsTasksTrustNoCondition());
    kit.inline(PREFIX + "-runner-execution-role", PREFIX + "-ecs-logging", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],
          "Resource":"%s*"}]}""".formatted(logGroupArn));
    kit.attach(PREFIX + "-runner-execution-role", EstateKit.ECS_TASK_EXECUTION_ROLE_POLICY);
    taskRole = kit.role(PREFIX + "-runner-task-role", EstateKit.ecsTasksTrustNoCondition());
    kit.inline(PREFIX + "-runner-task-role", "terraform-20240311102233445500000001", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ssm:GetParameter","ssm:DeleteParameter"],
          "Resource":["arn:aws:ssm:%s:%s:parameter/actions_runner/tokens/*"]}]}""".formatted(kit.region, EstateKit.ACCOUNT));

    String appId = kit.parameter("/actions_runner/" + PREFIX + "/github_app_id", ParameterType.SECURE_STRING, null, "not-read");
    String appKey = kit.parameter("/actions_runner/" + PREFIX + "/github_app_key_base64", ParameterType.SECURE_STRING, null,
        "not-read-by-the-tool");
    kit.parameter("/actions_runner/" + PREFIX + "/github_app_webhook_secret", ParameterType.SECURE_STRING, null,
        "not-read-by-the-tool");
    String lambdaRole = PREFIX + "-action-runner-lambda-role";
    runnerRole = kit.aws.iam.createRole(r -> r.roleName(lambdaRole).path("/" + PREFIX + "/").assumeRolePolicyDocument("""
        {"Version":"2012-10-17","Statement":[{"Sid":"","Effect":"Allow","Action":"sts:AssumeRole",
          "Principal":{"Service":"lambda.amazonaws.com"}}]}""")
        .tags(t -> t.key("Name").value(PREFIX + "-action-runner"))).role().arn();
    String queue = kit.arn("sqs", PREFIX + "-queued-builds.fifo");
    kit.inline(lambdaRole, PREFIX + "-lambda-runner-policy", """
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":["ecs:ListTaskDefinitionFamilies","ecs:ListTaskDefinitions"],"Resource":"*"},
          {"Effect":"Allow","Action":"iam:PassRole","Resource":["%1$s","%2$s"]},
          {"Effect":"Allow","Action":["ssm:PutParameter"],"Resource":"*"},
          {"Effect":"Allow","Action":"ecs:RunTask","Condition":{"ArnEquals":{"ecs:cluster":"%3$s"}},
           "Resource":"%4$s"},
          {"Effect":"Allow","Action":["ecs:ListTagsForResource"],"Resource":"%4$s"},
          {"Effect":"Allow","Action":["ssm:GetParameter"],"Resource":["%5$s","%6$s"]},
          {"Effect":"Allow","Action":["sqs:ReceiveMessage","sqs:GetQueueAttributes","sqs:DeleteMessage"],"Resource":"%7$s"}]}"""
        .formatted(runnerRole, executionRole, cluster, kit.arn("ecs", "task-definition/gh_*"), appKey, appId, queue));
    kit.inline(lambdaRole, PREFIX + "-lambda-logging", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],
          "Resource":"%s*"}]}""".formatted(kit.arn("logs", "log-group:/aws/lambda/" + PREFIX + "-runner")));

    ghLinux = kit.aws.ecs.registerTaskDefinition(r -> r.family("gh_linux").networkMode(NetworkMode.AWSVPC)
        .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("1024").executionRoleArn(executionRole)
        .taskRoleArn(taskRole).tags(t -> t.key("GH:labels").value("self-hosted linux x64"))
        .containerDefinitions(ContainerDefinition.builder().name("runner").image(images.uri() + ":latest").cpu(256).memory(512)
            .essential(true).linuxParameters(l -> l.initProcessEnabled(true))
            .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of("awslogs-group", logGroup,
                "awslogs-region", kit.region, "awslogs-create-group", "true", "awslogs-stream-prefix", "ecs")))
            .build()))
        .taskDefinition().taskDefinitionArn();
    for (int job = 0; job < 2; job++) {
      String tokenPath = "/actions_runner/tokens/" + java.util.UUID.nameUUIDFromBytes(("job" + job).getBytes()).toString();
      kit.parameter(tokenPath, ParameterType.SECURE_STRING, null, "not-read-by-the-tool");
      String subnet = vpc.privateSubnets.get(job);
      kit.aws.ecs.runTask(r -> r.cluster(cluster).taskDefinition(ghLinux).count(1).launchType(LaunchType.FARGATE)
          .enableECSManagedTags(true)
          .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.assignPublicIp(AssignPublicIp.DISABLED)
              .securityGroups(group).subnets(subnet)))
          .overrides(o -> o.containerOverrides(c -> c.name("runner").environment(env("RUNNER_TOKEN_PATH", tokenPath),
              env("ORGANIZATION", "example-org"), env("REPO", "integration-tests"), env("LABELS", "self-hosted,linux,x64"),
              env("USE_ORG", "false"), env("RUNNER_GROUP", "Default")))));
    }

    return new ConfigFiles.AuditYml().clusters("ecs-fargate").families("gh_*").runnerRole(runnerRole)
        .expectedEgressIps(List.of(vpc.natIp)).allowedRegistries(kit.registry()).write(dir);
  }

  private record Vpc(String id, List<String> privateSubnets, String natIp) {}

  /** {@code terraform-aws-modules/vpc} 3.11.2 as {@code vpc.tf} calls it, with the S3 gateway endpoint. */
  private static Vpc vpc(EstateKit kit) {
    var ec2 = kit.aws.ec2;
    String name = "vpc-fargate-demo";
    String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16").tagSpecifications(EstateKit.tags(ResourceType.VPC, name)))
        .vpc().vpcId();
    ec2.modifyVpcAttribute(r -> r.vpcId(vpc).enableDnsHostnames(AttributeBooleanValue.builder().value(true).build()));
    String igw = ec2.createInternetGateway(r -> r.tagSpecifications(EstateKit.tags(ResourceType.INTERNET_GATEWAY, name)))
        .internetGateway().internetGatewayId();
    ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
    String publicRt = kit.routeTable(vpc, name + "-public");
    ec2.createRoute(r -> r.routeTableId(publicRt).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
    List<String> publicSubnets = subnetPerZone(kit, vpc, 101, name + "-public-", publicRt);
    var eip = ec2.allocateAddress(r -> r.domain("vpc").tagSpecifications(EstateKit.tags(ResourceType.ELASTIC_IP, name + "-" + kit.region + "a")));
    String nat = ec2.createNatGateway(r -> r.subnetId(publicSubnets.get(0)).allocationId(eip.allocationId())
        .tagSpecifications(EstateKit.tags(ResourceType.NATGATEWAY, name + "-" + kit.region + "a"))).natGateway().natGatewayId();
    String privateRt = kit.routeTable(vpc, name + "-private");
    ec2.createRoute(r -> r.routeTableId(privateRt).destinationCidrBlock("0.0.0.0/0").natGatewayId(nat));
    List<String> privateSubnets = subnetPerZone(kit, vpc, 1, name + "-private-", privateRt);
    ec2.createVpcEndpoint(r -> r.vpcId(vpc).vpcEndpointType(VpcEndpointType.GATEWAY)
        .serviceName("com.amazonaws." + kit.region + ".s3").routeTableIds(privateRt, publicRt));
    return new Vpc(vpc, privateSubnets, eip.publicIp());
  }

  /** The module's {@code 10.0.N.0/24} in zone a, {@code 10.0.N+1.0/24} in zone b, both on {@code routeTable}. */
  private static List<String> subnetPerZone(EstateKit kit, String vpc, int thirdOctet, String namePrefix, String routeTable) {
    List<String> subnets = new ArrayList<>();
    for (int z = 0; z < 2; z++) {
      String az = kit.region + (char) ('a' + z);
      subnets.add(kit.subnet(vpc, "10.0." + (thirdOctet + z) + ".0/24", az, namePrefix + az, routeTable));
    }
    return subnets;
  }

  @Override
  Expectation expected() {
    return Expectation.gate(
            fail("FCA-IAM-005", role(runnerRole)),
            fail("FCA-IAM-009", role(runnerRole)))
        .withAdvice(
            fail("FCA-IAM-010", role(runnerRole)),
            fail("FCA-IAM-008", role(executionRole)),
            fail("FCA-IAM-008", role(taskRole)),
            fail("FCA-IAM-013", role(executionRole)),
            fail("FCA-IMAGES-004", container(ghLinux, "runner")),
            fail("FCA-IMAGES-006", repository(images.arn())),
            fail("FCA-IMAGES-007", repository(images.arn())))
        .andNothingElseBelowTheGate();
  }
}
