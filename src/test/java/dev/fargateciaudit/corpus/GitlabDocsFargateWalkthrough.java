package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.container;
import static dev.fargateciaudit.corpus.Resource.role;
import static dev.fargateciaudit.corpus.Resource.runnerConfig;
import static dev.fargateciaudit.corpus.Resource.securityGroup;
import static dev.fargateciaudit.corpus.Resource.subnet;
import static dev.fargateciaudit.corpus.Resource.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogDriver;

/**
 * Wrong, in two ways. The estate GitLab's own page "Autoscaling GitLab CI on AWS Fargate"
 * (https://docs.gitlab.com/runner/configuration/runner_autoscale_aws_fargate/, the
 * {@code docs/configuration/runner_autoscale_aws_fargate/index.md} of {@code gitlab-runner})
 * leaves when followed step by step in the console; the page says it is an example, not for
 * production, and a correct tool says why:
 *
 * <ul>
 *   <li>Step 3: an Ubuntu instance, auto-assigned a public IP, in the public subnet of the team's
 *       VPC (the page's own example ranges: {@code 10.0.0.0/23}, public {@code 10.0.0.0/24} routed
 *       to the Internet Gateway); instance role {@code fargate-test-instance}, trusted by EC2, with
 *       {@code AmazonECS_FullAccess}; a new group {@code fargate-test} taking SSH (tcp/22) from
 *       "the IP ranges" the team specifies, here the office's.
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
 * <p>{@code bad-gitlab-docs-private-fargate-task} also follows the page's last section, "Configure
 * a private AWS Fargate task": a private subnet {@code 10.0.1.0/24} routed to a NAT gateway (with
 * an Elastic IP) in the public subnet; {@code fargate.toml} names it, with {@code EnablePublicIP}
 * and {@code UsePublicIP} false, so jobs run there with no public IP; the group's SSH rule now
 * takes the group itself (the office rule removed); and the page's inline policy on
 * {@code ecsTaskExecutionRole}: {@code secretsmanager:GetSecretValue}, {@code kms:Decrypt} and
 * {@code ssm:GetParameters} on {@code arn:aws:secretsmanager:*:ACCOUNT:secret:*} and
 * {@code arn:aws:kms:*:ACCOUNT:key/*} (with {@code "Version": "2012-10-17"}, which the page's JSON
 * leaves out: the console's editor writes it and moto requires it).
 *
 * <p>Left out: the cluster's FARGATE capacity-provider strategy (moto's tasks take a launch
 * type), the key pair. A Fargate task's public IP is an Elastic IP on its interface here
 * ({@link EstateKit#publicIp}). moto gives a task's interface a DNS name only in a VPC with DNS
 * hostnames on, so the VPC has them on, as most VPCs do. The team's {@code audit.yml} says what
 * it expects: jobs from the {@code test-task} family, SSH from the runner's group, the runner's
 * role, and (private) the NAT's address.
 *
 * <p>What a correct tool fails at the gate, by reference-setup.md's checks, on the walkthrough:
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
 * On the private task, checks 1 to 3 pass (private subnet, NAT with the expected address, SSH
 * from the runner's group) and check 5 fails once more: FCA-IAM-005 on {@code ecsTaskExecutionRole},
 * whose {@code secret:*} and {@code key/*} in this account reach every secret and key of the
 * account in every region (reference-setup.md: the blog's {@code ReadSecrets} on {@code *}, the
 * same reach); its {@code ssm:GetParameters} names no parameter ARN, so grants nothing.
 * Below the gate, exactly, in both: the execution role's trust without a source condition
 * (FCA-IAM-008) and AWS's execution-role policy on it (FCA-IAM-013); the runner's PassRole
 * beyond ECS tasks (FCA-IAM-010) and RunTask in any cluster (FCA-IAM-012); the {@code latest}
 * tag (FCA-IMAGES-004). Nothing else: the subnets do not auto-assign public IPs (the page
 * enables one on the instance only).
 */
final class GitlabDocsFargateWalkthrough extends CorpusEstate {
  static final String OFFICE = "203.0.113.0/24";

  private String subnet;
  private String egressIp;
  private String group;
  private String instanceRole;
  private String executionRole;
  private String testTask;
  private List<String> jobs;
  private final boolean privateTask;

  /** With {@code privateTask}, the page's last section done too: "Configure a private AWS Fargate task". */
  GitlabDocsFargateWalkthrough(boolean privateTask) {
    super(privateTask ? "bad-gitlab-docs-private-fargate-task" : "bad-gitlab-docs-fargate-walkthrough");
    this.privateTask = privateTask;
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    var ec2 = kit.aws.ec2;
    String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/23").tagSpecifications(EstateKit.tags(ResourceType.VPC, "ci"))).vpc().vpcId();
    ec2.modifyVpcAttribute(r -> r.vpcId(vpc).enableDnsHostnames(AttributeBooleanValue.builder().value(true).build()));
    String publicSubnet = kit.subnetRoutedTo(vpc, "10.0.0.0/24", "public", r -> r.gatewayId(igw(kit, vpc)));
    if (privateTask) {
      var eip = ec2.allocateAddress(r -> r.domain("vpc"));
      String nat = ec2.createNatGateway(r -> r.subnetId(publicSubnet).allocationId(eip.allocationId())).natGateway().natGatewayId();
      egressIp = eip.publicIp();
      subnet = kit.subnetRoutedTo(vpc, "10.0.1.0/24", "private", r -> r.natGatewayId(nat));
    } else {
      subnet = publicSubnet;
    }

    group = kit.securityGroup(vpc, "fargate-test", "launch-wizard-1 created 2020-05-11T10:12:03.000+02:00");
    if (privateTask) {
      kit.allowTcpFromGroup(group, 22, group, "SSH inside the group");
    } else {
      kit.allowTcpFromCidrs(group, 22, List.of(OFFICE), "office");
    }
    instanceRole = kit.role("fargate-test-instance", EstateKit.ec2Trust());
    kit.attach("fargate-test-instance", "arn:aws:iam::aws:policy/AmazonECS_FullAccess");
    kit.aws.iam.createInstanceProfile(r -> r.instanceProfileName("fargate-test-instance"));
    kit.aws.iam.addRoleToInstanceProfile(r -> r.instanceProfileName("fargate-test-instance").roleName("fargate-test-instance"));
    ec2.runInstances(r -> r.imageId(EstateKit.RUNNER_AMI).minCount(1).maxCount(1).instanceType("t2.micro")
        .networkInterfaces(n -> n.deviceIndex(0).subnetId(publicSubnet).groups(group).associatePublicIpAddress(true))
        .iamInstanceProfile(p -> p.name("fargate-test-instance")).keyName("fargate-runner-manager")
        .tagSpecifications(EstateKit.tags(ResourceType.INSTANCE, "fargate-runner-manager")));

    String cluster = kit.cluster("test-cluster");
    executionRole = kit.role("ecsTaskExecutionRole", EstateKit.ecsTasksTrustNoCondition());
    kit.attach("ecsTaskExecutionRole", EstateKit.ECS_TASK_EXECUTION_ROLE_POLICY);
    if (privateTask) {
      kit.inline("ecsTaskExecutionRole", "fargate-private-task", """
          {"Version":"2012-10-17","Statement":[{"Sid":"VisualEditor0","Effect":"Allow",
            "Action":["secretsmanager:GetSecretValue","kms:Decrypt","ssm:GetParameters"],
            "Resource":["arn:aws:secretsmanager:*:%1$s:secret:*","arn:aws:kms:*:%1$s:key/*"]}]}""".formatted(EstateKit.ACCOUNT));
    }
    testTask = kit.taskDefinition("test-task", executionRole, null, null, ContainerDefinition.builder().name("ci-coordinator")
        .image("registry.gitlab.com/tmaczukin-test-projects/fargate-driver-debian:latest").essential(true).memoryReservation(512)
        .portMappings(p -> p.containerPort(22).protocol("tcp"))
        .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of(
            "awslogs-group", "/ecs/test-task", "awslogs-region", kit.region, "awslogs-stream-prefix", "ecs")))
        .build());
    jobs = kit.runJobs(cluster, testTask, subnet, group, 2);
    if (privateTask) {
      ConfigFiles.fargateTomlForAPrivateTask(dir, "test-cluster", kit.region, subnet, group, "test-task:1");
    } else {
      jobs.forEach(t -> kit.publicIp(cluster, t));
      ConfigFiles.fargateTomlAsTheDocsPrintIt(dir, "test-cluster", kit.region, subnet, group, "test-task:1", true);
    }
    return new ConfigFiles.AuditYml().clusters("test-cluster").families("test-task").runnerConfig("fargate.toml")
        .runnerRole(instanceRole).sshSources(group).expectedEgressIps(privateTask ? List.of(egressIp) : null).write(dir);
  }

  private static String igw(EstateKit kit, String vpc) {
    String igw = kit.aws.ec2.createInternetGateway(r -> r.tagSpecifications(EstateKit.tags(ResourceType.INTERNET_GATEWAY, "ci")))
        .internetGateway().internetGatewayId();
    kit.aws.ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
    return igw;
  }

  @Override
  Expectation expected() {
    return privateTask ? privateTaskExpected() : walkthroughExpected();
  }

  private Expectation walkthroughExpected() {
    return Expectation.gate(withTheRunnersRole(
        fail("FCA-PUBLICIP-004", runnerConfig("fargate.toml")),
        fail("FCA-PUBLICIP-002", task(jobs.get(0))),
        fail("FCA-PUBLICIP-002", task(jobs.get(1))),
        fail("FCA-EGRESS-001", subnet(subnet)),
        fail("FCA-PORTS-004", securityGroup(group)),
        fail("FCA-IMAGES-001", container(testTask, "ci-coordinator"))))
        .withAdvice(advice())
        .andNothingElseBelowTheGate();
  }

  private Expectation privateTaskExpected() {
    return Expectation.gate(withTheRunnersRole(
        fail("FCA-IMAGES-001", container(testTask, "ci-coordinator")),
        fail("FCA-IAM-005", role(executionRole))))
        .withAdvice(advice())
        .andNothingElseBelowTheGate();
  }

  /** {@code hits} and, in both, what {@code AmazonECS_FullAccess} on the instance role fails at the gate. */
  private Expectation.Hit[] withTheRunnersRole(Expectation.Hit... hits) {
    List<Expectation.Hit> all = new ArrayList<>(List.of(hits));
    for (String rule : List.of("FCA-IAM-001", "FCA-IAM-005", "FCA-IAM-006", "FCA-IAM-009", "FCA-IAM-011")) {
      all.add(fail(rule, role(instanceRole)));
    }
    return all.toArray(Expectation.Hit[]::new);
  }

  /** Below the gate in both: the execution role's trust and AWS policy, the runner's PassRole and RunTask, the latest tag. */
  private Expectation.Hit[] advice() {
    return new Expectation.Hit[] {
        fail("FCA-IAM-008", role(executionRole)),
        fail("FCA-IAM-010", role(instanceRole)),
        fail("FCA-IAM-012", role(instanceRole)),
        fail("FCA-IAM-013", role(executionRole)),
        fail("FCA-IMAGES-004", container(testTask, "ci-coordinator"))};
  }
}
