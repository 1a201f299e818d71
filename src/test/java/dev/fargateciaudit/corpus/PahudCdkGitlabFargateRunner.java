package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.EstateKit.env;
import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.container;
import static dev.fargateciaudit.corpus.Resource.role;
import static dev.fargateciaudit.corpus.Resource.securityGroup;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogDriver;

/**
 * Wrong. The estate of {@code pahud/cdk-gitlab}'s {@code FargateRunner} construct (CDK in
 * TypeScript: {@code src/runner.ts}, deployed by {@code src/integ.default.ts}'s
 * {@code provider.createFargateRunner()}, as its {@code test/__snapshots__/integ.snapshot.test.ts.snap}
 * shows the CloudFormation), a published construct for the Fargate driver:
 *
 * <ul>
 *   <li>CDK's {@code Vpc} with one NAT gateway: a public and a private subnet per zone, every
 *       private subnet routed to the one NAT. One ECS cluster holds both the runner manager (a
 *       Fargate service, {@code AssignPublicIp: DISABLED}, in the private subnets) and its jobs
 *       (in the first private subnet, the construct's {@code FARGATE_SUBNET}).
 *   <li>One security group for the manager and the jobs alike, CDK's
 *       {@code connections.allowInternally(Port.allTraffic())}: inbound protocol {@code -1} from
 *       itself, outbound everything.
 *   <li>The manager's task definition passes the GitLab registration token as a plaintext
 *       {@code environment} value ({@code GITLAB_REGISTRATION_TOKEN}, from the CDK context),
 *       beside the driver's settings; its image is {@code registry.gitlab.com/pahud/docker-gitlab-runner-fargate-driver}
 *       by no tag. Its task role (the runner role) has {@code AmazonECS_FullAccess} and nothing else.
 *   <li>The job task definition's one container, {@code ci-coordinator} with tcp/22, runs GitLab's
 *       public Debian example {@code registry.gitlab.com/tmaczukin-test-projects/fargate-driver-debian:latest}
 *       with no registry credentials. Its execution role has CDK's log-stream grant only; its
 *       task role nothing. All four roles are trusted by {@code ecs-tasks.amazonaws.com} with no condition.
 *   <li>{@code fargate.toml} is what the manager image's entrypoint renders from those variables
 *       with {@code envsubst} (the {@code docker-gitlab-runner-fargate-driver} entrypoint, whose
 *       template is not among the stored sources): written here in the layout of GitLab's page with
 *       the construct's cluster, region, subnet, group and task definition, and no public IP (the
 *       jobs are in a private subnet and the manager reaches them inside the VPC).
 * </ul>
 *
 * <p>Left out: the cluster's FARGATE/FARGATE_SPOT capacity providers and the service's
 * capacity-provider strategy (moto's services take a launch type), the log groups (the tool reads
 * none), the EKS cluster the same construct library makes; CDK's /18 subnets are the kit's /24
 * and /20 (no check reads a prefix length); CloudFormation's random name suffixes are fixed here.
 * The containers reserve memory because moto's RunTask needs it.
 *
 * <p>What a correct tool fails at the gate, as reference-setup.md's checks 3 to 5 say:
 * <ul>
 *   <li>On the runner role, all from {@code AmazonECS_FullAccess}: FCA-IAM-001 (a
 *       {@code *FullAccess} policy, the blog's own mistake); FCA-IAM-005 ({@code iam:PassRole} on
 *       {@code *}); FCA-IAM-006, critical ({@code iam:PassRole} with {@code ecs:RunTask} on
 *       {@code *}: a runner can start any task definition with any role ECS tasks may take);
 *       FCA-IAM-009 (it may pass any role, not only the CI roles) and FCA-IAM-011 (it may start any
 *       task definition, not only the CI families).
 *   <li>On the shared group, its all-traffic rule: FCA-PORTS-002 (an all-protocol inbound rule on
 *       a group of CI tasks) and FCA-PORTS-003 (it lets in more than tcp/22).
 *   <li>FCA-IMAGES-001 on both containers (a public registry, no credentials: the runner's
 *       container is CI too, since it runs in the CI cluster) and FCA-IMAGES-008 on the runner's
 *       container (the registration token in plaintext; its value never reaches a report).
 * </ul>
 * Below it, exactly: the four trust policies without a source condition (FCA-IAM-008); the
 * runner's PassRole, which the managed policy also grants for ECS itself, EC2 and Application Auto Scaling
 * (FCA-IAM-010), and its RunTask in any cluster (FCA-IAM-012); both images by no tag or
 * {@code latest} (FCA-IMAGES-004). Nothing else: the NAT egress, the disabled public IPs and the
 * driver config are right; SSH reaches the jobs from the runner's own group, the configured source.
 */
final class PahudCdkGitlabFargateRunner extends CorpusEstate {
  static final String STACK = "integ-stack";
  /** A made-up registration token in GitLab's format ({@code GR1348941} and 20 characters). */
  static final String TOKEN = "GR1348941" + "xK7pQ2mZ9vL4tR8wN1cB";

  private String runnerExecutionRole;
  private String runnerRole;
  private String jobExecutionRole;
  private String jobTaskRole;
  private String group;
  private String runnerDefinition;
  private String jobDefinition;

  PahudCdkGitlabFargateRunner() {
    super("bad-pahud-cdk-gitlab-fargate-runner");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    EstateKit.Network net = kit.network(STACK + "/Vpc", 0, 2, false);
    String clusterName = STACK + "-GitlabProviderFargateRunnerCluster69894B32-Q1w2E3r4T5y6";
    String cluster = kit.cluster(clusterName);
    group = kit.securityGroup(net.vpc(), STACK + "-GitlabProviderFargateRunnerFargateSecurityGroup83A59793-1AB2CD3EF4GH",
        STACK + "/GitlabProvider/FargateRunner/FargateSecurityGroup");
    kit.aws.ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(IpPermission.builder().ipProtocol("-1")
        .userIdGroupPairs(p -> p.groupId(group).description("from integstackGitlabProviderFargateRunnerFargateSecurityGroup1135C0B7:ALL TRAFFIC"))
        .build()));

    String prefix = STACK + "-GitlabProviderFargateRunner";
    String jobExecName = prefix + "JobExecutorJobsTaskExecutionRoleC5FE41A6-1A2B3C4D5E6F";
    jobExecutionRole = kit.role(jobExecName, EstateKit.ecsTasksTrustNoCondition());
    kit.inline(jobExecName, "GitlabProviderFargateRunnerJobExecutorJobsTaskExecutionRoleDefaultPolicyF42EF37D",
        logStreams(kit, "GitlabProviderFargateRunnerJobExecutorJobsTaskcicoordinatorLogGroup40CF368A-AbCdEf1"));
    jobTaskRole = kit.role(prefix + "JobExecutorJobsTaskTaskRole1A8F051B-7G8H9I0J1K2L", EstateKit.ecsTasksTrustNoCondition());

    String runnerExecName = prefix + "RunnerTaskExecutionRoleB47B20BF-3M4N5O6P7Q8R";
    runnerExecutionRole = kit.role(runnerExecName, EstateKit.ecsTasksTrustNoCondition());
    kit.inline(runnerExecName, "GitlabProviderFargateRunnerRunnerTaskExecutionRoleDefaultPolicy6FB60034",
        logStreams(kit, "GitlabProviderFargateRunnerRunnerTaskrunnerLogGroup93470F50-GhIjKl2"));
    String runnerRoleName = prefix + "RunnerTaskTaskRole9E1CCA0D-9S0T1U2V3W4X";
    runnerRole = kit.role(runnerRoleName, EstateKit.ecsTasksTrustNoCondition());
    kit.attach(runnerRoleName, "arn:aws:iam::aws:policy/AmazonECS_FullAccess");

    jobDefinition = kit.taskDefinition("integstackGitlabProviderFargateRunnerJobExecutorJobsTaskF5D1928A", jobExecutionRole,
        jobTaskRole, null, cdkContainer(kit, "ci-coordinator", "registry.gitlab.com/tmaczukin-test-projects/fargate-driver-debian:latest",
            "GitlabRunnerJob").portMappings(p -> p.containerPort(22).protocol("tcp")).build());
    String subnet = net.ciSubnets().get(0);
    runnerDefinition = kit.taskDefinition("integstackGitlabProviderFargateRunnerRunnerTaskEFA09A68", runnerExecutionRole, runnerRole,
        null, cdkContainer(kit, "runner", "registry.gitlab.com/pahud/docker-gitlab-runner-fargate-driver", "GitlabRunnerManager")
            .environment(env("GITLAB_REGISTRATION_TOKEN", TOKEN), env("GITLAB_URL", "https://gitlab.com"),
                env("FARGATE_REGION", kit.region), env("FARGATE_CLUSTER", clusterName), env("FARGATE_SUBNET", subnet),
                env("FARGATE_SECURITY_GROUP", group), env("FARGATE_TASK_DEFINITION", jobDefinition),
                env("RUNNER_TAG_LIST", "fargate,gitlab,aws,docker"))
            .build());

    String service = kit.service(cluster, prefix + "RunnerManagerService95EFD79A-Zy9Xw8Vu7Ts6", runnerDefinition, 1,
        net.ciSubnets(), group, AssignPublicIp.DISABLED);
    kit.serviceTask(cluster, service.substring(service.lastIndexOf('/') + 1), runnerDefinition, subnet, group);
    kit.runJobs(cluster, jobDefinition, subnet, group, 2);

    ConfigFiles.fargateTomlAsTheDocsPrintIt(dir, clusterName, kit.region, subnet, group, jobDefinition, false);
    return new ConfigFiles.AuditYml().clusters(clusterName).families("integstackGitlabProviderFargateRunnerJobExecutorJobsTask*")
        .runnerConfig("fargate.toml").runnerRole(runnerRole).expectedEgressIps(net.egressIps()).sshSources(group)
        .write(dir);
  }

  /** CDK's {@code AwsLogDriver} grant on an execution role: log streams and events of the one log group. */
  private static String logStreams(EstateKit kit, String logGroup) {
    return """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],
          "Resource":"%s"}]}""".formatted(kit.arn("logs", "log-group:" + STACK + "-" + logGroup + ":*"));
  }

  /** A {@code FargateTaskDefinition} container: {@code awslogs} to the construct's log group, nothing else. */
  private static ContainerDefinition.Builder cdkContainer(EstateKit kit, String name, String image, String streamPrefix) {
    return ContainerDefinition.builder().name(name).image(image).essential(true).memoryReservation(512)
        .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of(
            "awslogs-group", STACK + "-" + name + "-logs", "awslogs-region", kit.region, "awslogs-stream-prefix", streamPrefix)));
  }

  @Override
  List<String> plaintextSecrets() {
    return List.of(TOKEN);
  }

  @Override
  Expectation expected() {
    return Expectation.gate(
            fail("FCA-IAM-001", role(runnerRole)),
            fail("FCA-IAM-005", role(runnerRole)),
            fail("FCA-IAM-006", role(runnerRole)),
            fail("FCA-IAM-009", role(runnerRole)),
            fail("FCA-IAM-011", role(runnerRole)),
            fail("FCA-PORTS-002", securityGroup(group)),
            fail("FCA-PORTS-003", securityGroup(group)),
            fail("FCA-IMAGES-001", container(jobDefinition, "ci-coordinator")),
            fail("FCA-IMAGES-001", container(runnerDefinition, "runner")),
            fail("FCA-IMAGES-008", container(runnerDefinition, "runner")))
        .withAdvice(
            fail("FCA-IAM-008", role(runnerExecutionRole)),
            fail("FCA-IAM-008", role(runnerRole)),
            fail("FCA-IAM-008", role(jobExecutionRole)),
            fail("FCA-IAM-008", role(jobTaskRole)),
            fail("FCA-IAM-010", role(runnerRole)),
            fail("FCA-IAM-012", role(runnerRole)),
            fail("FCA-IMAGES-004", container(jobDefinition, "ci-coordinator")),
            fail("FCA-IMAGES-004", container(runnerDefinition, "runner")))
        .andNothingElseBelowTheGate();
  }
}
