package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.container;
import static dev.fargateciaudit.corpus.Resource.role;
import static dev.fargateciaudit.corpus.Resource.runnerConfig;
import static dev.fargateciaudit.corpus.Resource.securityGroup;
import static dev.fargateciaudit.corpus.Resource.subnet;
import static dev.fargateciaudit.corpus.Resource.task;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogDriver;

/**
 * Wrong. The estate GitLab's own page "Autoscaling GitLab CI on AWS Fargate"
 * (https://docs.gitlab.com/runner/configuration/runner_autoscale_aws_fargate/, the
 * {@code docs/configuration/runner_autoscale_aws_fargate/index.md} of {@code gitlab-runner})
 * leaves when followed step by step in the console; the page says it is an example, not for
 * production, and a correct tool says why:
 *
 * <ul>
 *   <li>Step 3: an Ubuntu instance, auto-assigned a public IP, in a subnet of the team's VPC
 *       (here its one subnet, routed to the Internet Gateway: the page asks for an SSH-reachable
 *       instance and names no NAT); instance role {@code fargate-test-instance}, trusted by EC2,
 *       with {@code AmazonECS_FullAccess}; a new group {@code fargate-test} taking SSH (tcp/22)
 *       from "the IP ranges" the team specifies, here the office's.
 *   <li>Step 4: {@code fargate.toml} as the page prints it, with the instance's subnet and group
 *       ("Take the Subnet value from the Runner Manager instance") and {@code EnablePublicIP = true}.
 *   <li>Steps 5, 6: cluster {@code test-cluster}; task definition {@code test-task} (Fargate) with
 *       one container {@code ci-coordinator}, port 22/tcp, the page's Debian image
 *       {@code registry.gitlab.com/tmaczukin-test-projects/fargate-driver-debian:latest}; the
 *       console's defaults for the rest: execution role {@code ecsTaskExecutionRole} (AWS's
 *       execution-role policy, trusted by ECS tasks with no condition), no task role, logs to
 *       {@code /ecs/test-task}.
 *   <li>Step 7: jobs run, so tasks of {@code test-task} run in the instance's subnet with the
 *       instance's group and, as the config asks, public IPs.
 * </ul>
 *
 * <p>Left out: the cluster's FARGATE capacity-provider strategy (moto's tasks take a launch
 * type), the key pair. A Fargate task's public IP is an Elastic IP on its interface here
 * ({@link EstateKit#publicIp}). The team's {@code audit.yml} says what it expects: jobs from the
 * {@code test-task} family, SSH from the runner's group, the runner's role.
 *
 * <p>What a correct tool fails at the gate, by reference-setup.md's checks:
 * <ul>
 *   <li>Check 1: FCA-PUBLICIP-004 on {@code fargate.toml} ({@code EnablePublicIP = true}),
 *       FCA-PUBLICIP-002 on each running job (the tasks to stop).
 *   <li>Check 2: FCA-EGRESS-001 on the subnet (its default route is the Internet Gateway, no
 *       NAT gateway: there is no static egress address to safelist).
 *   <li>Check 3: FCA-PORTS-004 on {@code fargate-test}: the jobs take SSH from the office range,
 *       not from the runner (the page's own advice is a second group, open to the instance only).
 *   <li>Check 4: FCA-IMAGES-001 on {@code ci-coordinator}: a public image, no credentials.
 *   <li>Check 5, on the instance role, all from {@code AmazonECS_FullAccess}: FCA-IAM-001,
 *       FCA-IAM-005, FCA-IAM-006 (critical), FCA-IAM-009, FCA-IAM-011, as in
 *       {@link PahudCdkGitlabFargateRunner}.
 * </ul>
 * Below it, exactly: the execution role's trust without a source condition (FCA-IAM-008) and
 * AWS's execution-role policy on it (FCA-IAM-013); the runner's PassRole beyond ECS tasks
 * (FCA-IAM-010) and RunTask in any cluster (FCA-IAM-012); the {@code latest} tag (FCA-IMAGES-004).
 * Nothing else: the subnet does not auto-assign public IPs (the page enables one on the instance
 * only), and with no NAT gateway there is no egress address to compare (FCA-EGRESS-001 says why).
 * moto gives a task's interface a DNS name only in a VPC with DNS hostnames on, so the VPC has them
 * on, as most VPCs do.
 */
final class GitlabDocsFargateWalkthrough extends CorpusEstate {
  static final String OFFICE = "203.0.113.0/24";

  private String subnet;
  private String group;
  private String instanceRole;
  private String executionRole;
  private String testTask;
  private List<String> jobs;

  GitlabDocsFargateWalkthrough() {
    super("bad-gitlab-docs-fargate-walkthrough");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    var ec2 = kit.aws.ec2;
    String vpc = ec2.createVpc(r -> r.cidrBlock("172.31.0.0/16").tagSpecifications(EstateKit.tags(ResourceType.VPC, "ci"))).vpc().vpcId();
    ec2.modifyVpcAttribute(r -> r.vpcId(vpc).enableDnsHostnames(AttributeBooleanValue.builder().value(true).build()));
    subnet = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("172.31.0.0/20").availabilityZone(kit.region + "a")
        .tagSpecifications(EstateKit.tags(ResourceType.SUBNET, "ci-a"))).subnet().subnetId();
    String igw = ec2.createInternetGateway(r -> r.tagSpecifications(EstateKit.tags(ResourceType.INTERNET_GATEWAY, "ci")))
        .internetGateway().internetGatewayId();
    ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
    String routes = kit.routeTable(vpc, "ci");
    ec2.createRoute(r -> r.routeTableId(routes).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
    ec2.associateRouteTable(r -> r.routeTableId(routes).subnetId(subnet));

    group = kit.securityGroup(vpc, "fargate-test", "launch-wizard-1 created 2020-05-11T10:12:03.000+02:00");
    kit.allowTcpFromCidrs(group, 22, List.of(OFFICE), "office");
    instanceRole = kit.role("fargate-test-instance", EstateKit.ec2Trust());
    kit.attach("fargate-test-instance", "arn:aws:iam::aws:policy/AmazonECS_FullAccess");
    kit.aws.iam.createInstanceProfile(r -> r.instanceProfileName("fargate-test-instance"));
    kit.aws.iam.addRoleToInstanceProfile(r -> r.instanceProfileName("fargate-test-instance").roleName("fargate-test-instance"));
    ec2.runInstances(r -> r.imageId(EstateKit.RUNNER_AMI).minCount(1).maxCount(1).instanceType("t2.micro")
        .networkInterfaces(n -> n.deviceIndex(0).subnetId(subnet).groups(group).associatePublicIpAddress(true))
        .iamInstanceProfile(p -> p.name("fargate-test-instance")).keyName("fargate-runner-manager")
        .tagSpecifications(EstateKit.tags(ResourceType.INSTANCE, "fargate-runner-manager")));

    String cluster = kit.cluster("test-cluster");
    executionRole = kit.role("ecsTaskExecutionRole", EstateKit.ecsTasksTrustNoCondition());
    kit.attach("ecsTaskExecutionRole", EstateKit.ECS_TASK_EXECUTION_ROLE_POLICY);
    testTask = kit.taskDefinition("test-task", executionRole, null, null, ContainerDefinition.builder().name("ci-coordinator")
        .image("registry.gitlab.com/tmaczukin-test-projects/fargate-driver-debian:latest").essential(true).memoryReservation(512)
        .portMappings(p -> p.containerPort(22).protocol("tcp"))
        .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of(
            "awslogs-group", "/ecs/test-task", "awslogs-region", kit.region, "awslogs-stream-prefix", "ecs")))
        .build());
    jobs = kit.runJobs(cluster, testTask, subnet, group, 2);
    jobs.forEach(t -> kit.publicIp(cluster, t));

    ConfigFiles.fargateTomlAsTheDocsPrintIt(dir, "test-cluster", kit.region, subnet, group, "test-task:1", true);
    return new ConfigFiles.AuditYml().clusters("test-cluster").families("test-task").runnerConfig("fargate.toml")
        .runnerRole(instanceRole).sshSources(group).write(dir);
  }

  @Override
  Expectation expected() {
    return Expectation.gate(
        fail("FCA-PUBLICIP-004", runnerConfig("fargate.toml")),
        fail("FCA-PUBLICIP-002", task(jobs.get(0))),
        fail("FCA-PUBLICIP-002", task(jobs.get(1))),
        fail("FCA-EGRESS-001", subnet(subnet)),
        fail("FCA-PORTS-004", securityGroup(group)),
        fail("FCA-IMAGES-001", container(testTask, "ci-coordinator")),
        fail("FCA-IAM-001", role(instanceRole)),
        fail("FCA-IAM-005", role(instanceRole)),
        fail("FCA-IAM-006", role(instanceRole)),
        fail("FCA-IAM-009", role(instanceRole)),
        fail("FCA-IAM-011", role(instanceRole)))
        .withAdvice(
            fail("FCA-IAM-008", role(executionRole)),
            fail("FCA-IAM-010", role(instanceRole)),
            fail("FCA-IAM-012", role(instanceRole)),
            fail("FCA-IAM-013", role(executionRole)),
            fail("FCA-IMAGES-004", container(testTask, "ci-coordinator")))
        .andNothingElseBelowTheGate();
  }
}
