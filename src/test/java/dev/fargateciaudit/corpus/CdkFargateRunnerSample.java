package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.EstateKit.env;
import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.role;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LogDriver;

/**
 * Wrong. The estate AWS's sample {@code aws-samples/cdk-fargate-gitlab-runner} deploys (its
 * {@code gitlab_ci_fargate_runner/gitlab_ci_fargate_runner_stack.py},
 * {@code task_definitions/task_definition_stack.py}, {@code config/app.yml-example} and the
 * README's Kaniko example), built as its CloudFormation would leave it:
 *
 * <ul>
 *   <li>The runner manager is itself a Fargate service ({@code gitlab-runner} family, ECS Exec
 *       on) in the cluster its jobs run in, in the VPC's private subnets behind a NAT gateway (the
 *       README's prerequisite). Jobs start in the manager's own subnet (the entrypoint reads it
 *       from the task metadata) with the manager's own security group, which accepts tcp/22 from
 *       itself and sends only tcp/22 to itself and tcp/80, tcp/443 out.
 *   <li>The driver config is the sample's template once rendered: lowercase keys, no public IP,
 *       and an empty {@code TaskDefinition} (the stack sets no {@code FARGATE_TASK_DEFINITION}:
 *       each job names {@code python:1} or {@code kaniko:1} in {@code .gitlab-ci.yml}).
 *   <li>Roles, trusted by {@code ecs-tasks.amazonaws.com} with no condition (CDK's
 *       {@code ServicePrincipal}): the manager's execution role with
 *       {@code AmazonECSTaskExecutionRolePolicy}, {@code ssmmessages:*Channel} on {@code *}, and
 *       CDK's {@code grant_read} of the registration-token secret (by name, {@code -??????});
 *       the manager's task role with the cache bucket's objects, {@code ecs:RunTask},
 *       {@code ecs:StopTask}, {@code ecs:DescribeTasks} on {@code *}, and {@code iam:PassRole} on
 *       {@code role/*-GitlabExecutionRole*} with no condition; each job stack's execution role
 *       ({@code AmazonECSTaskExecutionRolePolicy}) and task role (nothing for {@code python};
 *       {@code AmazonEC2ContainerRegistryPowerUser} for {@code kaniko}, as the README deploys it).
 *   <li>Images are CDK assets in the bootstrap's private repository (immutable tags, scan on
 *       push, the bootstrap's Lambda pull statement pinned to this account's functions), tagged
 *       with the asset hash; the manager reads the token by partial ARN with the {@code token} key.
 * </ul>
 *
 * <p>Left out: the S3 cache bucket and log groups (the tool reads neither), the cluster's
 * FARGATE_SPOT capacity-provider strategy (moto's services take a launch type), CDK's random name
 * suffixes (fixed here).
 *
 * <p>What a correct tool fails at the gate, as reference-setup.md's check 5 says:
 * <ul>
 *   <li>FCA-IAM-011 on the runner's task role: {@code ecs:RunTask} on {@code *} lets the runner
 *       start any task definition of the account, not only the CI families.
 *   <li>FCA-IAM-005 on the {@code kaniko} task role: {@code AmazonEC2ContainerRegistryPowerUser}
 *       grants {@code ecr:PutImage} on every repository, so any job of the family can overwrite any
 *       image of the account (the README's job pushes to one repository, {@code kaniko-builder}).
 *   <li>FCA-IAM-014 on the same role: the policy's {@code ecr:BatchGetImage} and
 *       {@code ecr:GetDownloadUrlForLayer} on every repository let any job of the family pull every
 *       private image of the account, the other stacks' CI images included.
 * </ul>
 * Below it, exactly: the six trust policies without {@code aws:SourceAccount}/{@code aws:SourceArn}
 * (FCA-IAM-008), the runner's PassRole without {@code iam:PassedToService} (FCA-IAM-010) and
 * RunTask in any cluster (FCA-IAM-012), AWS's execution-role policy on the three execution roles
 * (FCA-IAM-013). Nothing else: the manager runs in the CI cluster, so its task role is a task role
 * too, trusted by ECS tasks as it should be; its PassRole pattern names execution roles only, all
 * of them CI roles; the group that is both the manager's and the jobs' takes SSH from itself, the
 * configured SSH source; the partial-ARN secret with a JSON key resolves.
 */
final class CdkFargateRunnerSample extends CorpusEstate {
  static final String STACK = "GitlabrunnerBastionStack";

  private String runnerTaskRole;
  private String runnerExecutionRole;
  private String pythonExecutionRole;
  private String pythonTaskRole;
  private String kanikoExecutionRole;
  private String kanikoTaskRole;

  CdkFargateRunnerSample() {
    super("bad-cdk-fargate-runner-sample");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    EstateKit.Network net = kit.network("gitlab-vpc", 0, 2, false);
    String cluster = kit.cluster(STACK + "-cluster");
    String runnerGroup = kit.securityGroup(net.vpc(), STACK + "-GitlabRunner8F2A4C1D-1N3XQ0V7ZK2LM", STACK + "/GitlabRunner");
    kit.allowTcpFromGroup(runnerGroup, 22, runnerGroup, "from " + STACK + "GitlabRunner:22");
    restrictEgress(kit, runnerGroup, 443, 80);

    EstateKit.Repository repo = assetRepository(kit);
    String runnerImage = assetImage(kit, repo, "4f1c2b7d9e0a3c5f6b8d1e2a4c7f9b0d3e5a7c9f1b2d4e6a8c0f2b4d6e8a0c2e");
    String pythonImage = assetImage(kit, repo, "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b");
    String kanikoImage = assetImage(kit, repo, "1b3d5f7a9c2e4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c");

    kit.secret("GitlabSecretToken", "{\"token\":\"not-read-by-the-tool\"}");

    runnerExecutionRole = managerExecutionRole(kit, STACK + "-GitlabExecutionRoleD1E2F3A4-1QW2E3R4T5Y6U");

    String taskName = STACK + "-GitlabRunnerTaskRole5A6B7C8D-9IO8U7Y6T5R4";
    runnerTaskRole = kit.role(taskName, EstateKit.ecsTasksTrustNoCondition());
    kit.inline(taskName, "FargateTask", """
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":["s3:PutObject","s3:GetObjectVersion","s3:GetObject","s3:DeleteObject"],
           "Resource":"arn:aws:s3:::gitlabrunnerbastionstack-gitlabrunnercachebucket1a2b-3c4d5e6f7g8h/*"},
          {"Effect":"Allow","Action":["ecs:DescribeTasks","ecs:RunTask","ecs:StopTask"],"Resource":"*"},
          {"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::%s:role/*-GitlabExecutionRole*"}]}"""
        .formatted(EstateKit.ACCOUNT));

    pythonExecutionRole = kit.role("pythonTaskDefinitionStack-GitlabExecutionRole0A1B2C3D-ZX9C8V7B6N5M", EstateKit.ecsTasksTrustNoCondition());
    kit.attach("pythonTaskDefinitionStack-GitlabExecutionRole0A1B2C3D-ZX9C8V7B6N5M", EstateKit.ECS_TASK_EXECUTION_ROLE_POLICY);
    pythonTaskRole = kit.role("pythonTaskDefinitionStack-GitlabTaskRoleE4F5A6B7-LK3J4H5G6F7D", EstateKit.ecsTasksTrustNoCondition());
    kanikoExecutionRole = kit.role("kanikoTaskDefinitionStack-GitlabExecutionRole7C8D9E0F-QA2WS3ED4RF5", EstateKit.ecsTasksTrustNoCondition());
    kit.attach("kanikoTaskDefinitionStack-GitlabExecutionRole7C8D9E0F-QA2WS3ED4RF5", EstateKit.ECS_TASK_EXECUTION_ROLE_POLICY);
    kanikoTaskRole = kit.role("kanikoTaskDefinitionStack-GitlabTaskRole1A2B3C4D-TG5YH6UJ7IK8", EstateKit.ecsTasksTrustNoCondition());
    kit.attach("kanikoTaskDefinitionStack-GitlabTaskRole1A2B3C4D-TG5YH6UJ7IK8",
        "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser");

    String runnerDefinition = kit.taskDefinition("gitlab-runner", runnerExecutionRole, runnerTaskRole, null,
        managerContainer(kit, runnerImage, runnerGroup, "my_tag", "gitlabrunnerbastionstack-gitlabrunnercachebucket1a2b-3c4d5e6f7g8h",
            env("GITLAB_URL", "https://gitlab.com")));
    String python = kit.taskDefinition("python", pythonExecutionRole, pythonTaskRole, null,
        container(kit, "ci-coordinator", pythonImage, "/Gitlab/Runner/").build());
    String kaniko = kit.taskDefinition("kaniko", kanikoExecutionRole, kanikoTaskRole, null,
        container(kit, "ci-coordinator", kanikoImage, "/Gitlab/TaskDefinitions/kaniko/").build());

    String subnet = net.ciSubnets().get(0);
    managerService(kit, cluster, STACK + "-GitlabRunnerService-Xb7Yc8Zd9We0", runnerDefinition, net.ciSubnets(), runnerGroup);
    kit.runJobs(cluster, python, subnet, runnerGroup, 2);
    kit.runJobs(cluster, kaniko, subnet, runnerGroup, 1);

    driverConfig(dir, STACK + "-cluster", kit.region, subnet, runnerGroup);
    return new ConfigFiles.AuditYml().clusters(STACK + "-cluster").families("python", "kaniko").runnerRole(runnerTaskRole)
        .expectedEgressIps(net.egressIps()).sshSources(runnerGroup).allowedRegistries(kit.registry())
        .runnerConfig("fargate.toml").write(dir);
  }

  /**
   * The sample's {@code docker_fargate_driver/config_driver_template.toml} as its entrypoint renders
   * it: the manager's own subnet and group, and an empty {@code TaskDefinition} (the stack sets no
   * {@code FARGATE_TASK_DEFINITION}: each job names one).
   */
  static void driverConfig(Path dir, String cluster, String region, String subnet, String group) {
    ConfigFiles.fargateTomlFromTheDriverTemplate(dir, cluster, region, subnet, group, "", "");
  }

  /**
   * The manager's execution role: AWS's execution-role policy, {@code ssmmessages:*Channel} on
   * {@code *} for ECS Exec, and CDK's {@code grant_read} of the registration-token secret by name.
   */
  static String managerExecutionRole(EstateKit kit, String name) {
    String arn = kit.role(name, EstateKit.ecsTasksTrustNoCondition());
    kit.attach(name, EstateKit.ECS_TASK_EXECUTION_ROLE_POLICY);
    kit.inline(name, "FargateExec", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ssmmessages:CreateControlChannel",
          "ssmmessages:CreateDataChannel","ssmmessages:OpenControlChannel","ssmmessages:OpenDataChannel"],"Resource":"*"}]}""");
    kit.inline(name, "GitlabExecutionRoleDefaultPolicy5A1C3E7B", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["secretsmanager:GetSecretValue",
          "secretsmanager:DescribeSecret"],"Resource":"%s"}]}""".formatted(kit.arn("secretsmanager", "secret:GitlabSecretToken-??????")));
    return arn;
  }

  /** The manager's container: the driver's settings and cache bucket, the token from {@code GitlabSecretToken}'s {@code token} key, ECS Exec's init process. */
  static ContainerDefinition managerContainer(EstateKit kit, String image, String group, String tags, String bucket,
      KeyValuePair... more) {
    List<KeyValuePair> environment = new java.util.ArrayList<>(List.of(env("FARGATE_CLUSTER", STACK + "-cluster"),
        env("FARGATE_REGION", kit.region), env("FARGATE_SECURITY_GROUP", group), env("RUNNER_TAG_LIST", tags),
        env("CACHE_BUCKET", bucket), env("CACHE_BUCKET_REGION", kit.region)));
    environment.addAll(List.of(more));
    return container(kit, "gitlab-runner", image, "/Gitlab/Runner/").environment(environment)
        .secrets(EstateKit.secretEnv("GITLAB_REGISTRATION_TOKEN", kit.arn("secretsmanager", "secret:GitlabSecretToken") + ":token::"))
        .linuxParameters(l -> l.initProcessEnabled(true)).interactive(true).build();
  }

  /** The manager's service (ECS Exec on, at most one task at a time) in {@code subnets}, and its task in the first. */
  static void managerService(EstateKit kit, String cluster, String service, String taskDefinition, List<String> subnets, String group) {
    kit.aws.ecs.createService(r -> r.cluster(cluster).serviceName(service).taskDefinition(taskDefinition).desiredCount(1)
        .launchType("FARGATE").enableExecuteCommand(true).enableECSManagedTags(true)
        .deploymentConfiguration(d -> d.maximumPercent(100).minimumHealthyPercent(0))
        .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(subnets).securityGroups(group)
            .assignPublicIp(AssignPublicIp.DISABLED))));
    kit.serviceTask(cluster, service, taskDefinition, subnets.get(0), group);
  }

  /** The CDK bootstrap's repository for image assets, with its statement letting this account's Lambda functions pull. */
  static EstateKit.Repository assetRepository(EstateKit kit) {
    return kit.repository("cdk-hnb659fds-container-assets-" + EstateKit.ACCOUNT + "-" + kit.region, """
        {"Version":"2012-10-17","Statement":[{"Sid":"LambdaECRImageRetrievalPolicy","Effect":"Allow",
          "Principal":{"Service":"lambda.amazonaws.com"},"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
          "Condition":{"StringLike":{"aws:sourceArn":"%s"}}}]}""".formatted(kit.arn("lambda", "function:*")));
  }

  /** A CDK {@code DockerImageAsset}: pushed to the bootstrap repository, tagged with its hash. */
  static String assetImage(EstateKit kit, EstateKit.Repository repo, String hash) {
    kit.push(repo, hash);
    return repo.uri() + ":" + hash;
  }

  /** The sample's containers: port 22, logs to CloudWatch, nothing else (CloudFormation's {@code CfnTaskDefinition}). */
  static ContainerDefinition.Builder container(EstateKit kit, String name, String image, String logGroup) {
    return ContainerDefinition.builder().name(name).image(image).essential(true).memoryReservation(512)
        .portMappings(p -> p.containerPort(22).protocol("tcp"))
        .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of(
            "awslogs-group", logGroup, "awslogs-region", kit.region, "awslogs-stream-prefix", "fargate")));
  }

  /** {@code allow_all_outbound=False}: tcp/22 to itself and each of {@code webPorts} (tcp) anywhere. */
  static void restrictEgress(EstateKit kit, String group, int... webPorts) {
    kit.aws.ec2.revokeSecurityGroupEgress(r -> r.groupId(group).ipPermissions(IpPermission.builder().ipProtocol("-1")
        .ipRanges(i -> i.cidrIp("0.0.0.0/0")).build()));
    List<IpPermission> egress = new java.util.ArrayList<>();
    egress.add(IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22).userIdGroupPairs(p -> p.groupId(group)).build());
    for (int port : webPorts) {
      egress.add(IpPermission.builder().ipProtocol("tcp").fromPort(port).toPort(port).ipRanges(i -> i.cidrIp("0.0.0.0/0")).build());
    }
    kit.aws.ec2.authorizeSecurityGroupEgress(r -> r.groupId(group).ipPermissions(egress));
  }

  @Override
  Expectation expected() {
    return Expectation.gate(
            fail("FCA-IAM-011", role(runnerTaskRole)),
            fail("FCA-IAM-005", role(kanikoTaskRole)),
            fail("FCA-IAM-014", role(kanikoTaskRole)))
        .withAdvice(
            fail("FCA-IAM-008", role(runnerExecutionRole)),
            fail("FCA-IAM-008", role(runnerTaskRole)),
            fail("FCA-IAM-008", role(pythonExecutionRole)),
            fail("FCA-IAM-008", role(pythonTaskRole)),
            fail("FCA-IAM-008", role(kanikoExecutionRole)),
            fail("FCA-IAM-008", role(kanikoTaskRole)),
            fail("FCA-IAM-010", role(runnerTaskRole)),
            fail("FCA-IAM-012", role(runnerTaskRole)),
            fail("FCA-IAM-013", role(runnerExecutionRole)),
            fail("FCA-IAM-013", role(pythonExecutionRole)),
            fail("FCA-IAM-013", role(kanikoExecutionRole)))
        .andNothingElseBelowTheGate();
  }
}
