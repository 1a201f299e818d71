package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.EstateKit.env;
import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.container;
import static dev.fargateciaudit.corpus.Resource.repository;
import static dev.fargateciaudit.corpus.Resource.role;
import static dev.fargateciaudit.corpus.Resource.securityGroup;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;

/**
 * Wrong. The estate of a training course's CloudFormation for the Fargate driver,
 * {@code PashaSmurf/aws-developer-iba-course}: {@code cicd-ecs-gitab-runner/aws/gitlab-setup.yml}
 * (stack parameter {@code EnvironmentName} = {@code gitlab}), its repositories
 * {@code aws/gitlab-repos.yml}, and the manager image's {@code runner/runnermgr/docker-entrypoint.sh},
 * which renders {@code config_driver_template.toml} with {@code envsubst}:
 *
 * <ul>
 *   <li>A VPC {@code 10.0.0.0/16} with two public subnets ({@code MapPublicIpOnLaunch}) routed to an
 *       Internet Gateway and two private subnets {@code 10.0.101.0/24}, {@code 10.0.102.0/24} routed
 *       to one NAT gateway with an Elastic IP in the first public subnet.
 *   <li>One cluster {@code gitlab-cluster} holds the runner manager (service
 *       {@code gitlab-api-fargate}, family {@code gitlab-runner-mgr-task}, in both private subnets,
 *       {@code AssignPublicIp: DISABLED}) and the jobs (families
 *       {@code gitlab-runner-{default,kaniko,gradle}-task}, one {@code ci-coordinator} each, port 22),
 *       all with one security group, {@code FargateSecurityGroup}: tcp/22 from {@code 0.0.0.0/0}.
 *   <li>Every task definition has the same two roles, trusted by {@code ecs-tasks.amazonaws.com}
 *       with no condition: the execution role {@code gitlabTasksExeRole} and the task role
 *       {@code gitlab-role-fargate}, which is thereby the runner's role too. Both carry
 *       {@code AmazonECS_FullAccess} and {@code AmazonS3FullAccess}; the execution role's inline
 *       {@code ecs-service} adds ECR pulls, logs, {@code ssm:GetParameter*},
 *       {@code iam:PassRole}, {@code ec2:Describe*} and {@code ecr:*} on {@code *}; the task
 *       role's inline {@code ECS} adds {@code iam:GetRole}, {@code iam:PassRole},
 *       {@code ssm:GetParameter(sByPath)} and {@code ecr:*} on {@code *}.
 *   <li>The manager's container passes the group's registration token as a plaintext
 *       {@code GITLAB_REGISTRATION_TOKEN} (a stack parameter), beside the driver's settings. Every
 *       image is {@code :latest} from this account's ECR repositories, made with CloudFormation's
 *       defaults (mutable tags, no scan on push).
 *   <li>{@code fargate.toml} is the template rendered with those values: lowercase {@code cluster},
 *       {@code region}, {@code subnet}, {@code securityGroup} keys (the driver's TOML decoder
 *       matches keys case-insensitively), the first private subnet, the {@code default} family by
 *       name with no revision, {@code EnablePublicIP = false} with a trailing comment.
 * </ul>
 *
 * <p>Left out: the cluster's FARGATE capacity-provider strategy (moto's tasks take a launch type);
 * the log group (the tool reads none); the IAM user {@code GitlabUser} with its access key and
 * {@code ecr:*}, {@code s3:*}, {@code ecs:*}, {@code iam:PassRole} on {@code *}, which the course's
 * pipelines deploy with (the tool audits the roles of the CI estate, not users). The inline
 * policies get {@code "Version": "2012-10-17"}, which the template leaves out (IAM then assumes
 * 2008-10-17; moto requires one); the task-level memory {@code "4GB"} is 4096 MiB. The team's
 * {@code audit.yml} names the three job families, the runner's role and group, the NAT's address.
 *
 * <p>What a correct tool fails at the gate, as reference-setup.md's checks 3 to 5 say:
 * <ul>
 *   <li>On both roles: FCA-IAM-001 (two {@code *FullAccess} policies), FCA-IAM-005
 *       ({@code iam:PassRole}, {@code ssm:GetParameter} and S3 object access on {@code *}),
 *       FCA-IAM-006, critical ({@code iam:PassRole} with the managed policy's {@code ecs:RunTask}
 *       on {@code *}). On the runner's role also FCA-IAM-009 (it may pass any role) and
 *       FCA-IAM-011 (it may start any task definition). The task role, which every job holds, also
 *       reads every ECR repository through {@code ecr:*} on {@code *}: any job can pull every
 *       private image of the account (FCA-IAM-014).
 *   <li>On the group: FCA-PORTS-001, critical (tcp/22 from the whole internet), and FCA-PORTS-004
 *       (SSH to CI tasks from a source that is not the runner). The tasks have no public IP, so
 *       only the VPC reaches them today; one {@code EnablePublicIP = true} away from the internet.
 *   <li>FCA-IMAGES-008 on the manager's container: the registration token in plaintext (its value
 *       never reaches a report).
 * </ul>
 * Below it, exactly: {@code ecr:*} in both roles' own policies (FCA-IAM-003); both trust policies
 * without a source condition (FCA-IAM-008); the runner's PassRole not limited to ECS tasks
 * (FCA-IAM-010) and its RunTask in any cluster (FCA-IAM-012); {@code :latest} on all four
 * containers (FCA-IMAGES-004: the manager runs in the CI cluster, so its container is CI too); the
 * four repositories' mutable tags and no scan on push (FCA-IMAGES-006, FCA-IMAGES-007). Nothing
 * else: the private subnets egress through the NAT's Elastic IP, no task has a public IP, the
 * images are in private ECR, every container maps port 22 only, the driver config resolves.
 */
final class CloudFormationCourseRunner extends CorpusEstate {
  static final String ENV = "gitlab";
  static final String CLUSTER = ENV + "-cluster";
  /** A made-up group registration token in GitLab's format. */
  static final String TOKEN = "GR1348941" + "Hq3vT8nB2xW6kZ9pL4mC";
  static final List<String> JOBS = List.of("default", "kaniko", "gradle");

  private String executionRole;
  private String taskRole;
  private String group;
  private String managerDefinition;
  private final Map<String, String> jobDefinitions = new java.util.LinkedHashMap<>();
  private final List<String> repositories = new java.util.ArrayList<>();

  CloudFormationCourseRunner() {
    super("bad-cloudformation-course-runner");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    repositories.clear();
    jobDefinitions.clear();
    Network net = network(kit);
    group = kit.securityGroup(net.vpc, "gitlab-setup-FargateSecurityGroup-1RZ8XK2Q4M7NB", "Access to the ECS hosts that run containers");
    kit.allowTcpFromCidrs(group, 22, List.of("0.0.0.0/0"), null);
    String cluster = kit.cluster(CLUSTER);

    for (String image : List.of("manager", "kaniko", "default", "gradle")) {
      EstateKit.Repository repo = kit.defaultRepository(ENV + "-runner-" + image);
      kit.push(repo, "latest");
      repositories.add(repo.arn());
    }

    String execName = ENV + "TasksExeRole";
    executionRole = kit.role(execName, EstateKit.ecsTasksTrustNoCondition());
    kit.attach(execName, "arn:aws:iam::aws:policy/AmazonECS_FullAccess");
    kit.attach(execName, "arn:aws:iam::aws:policy/AmazonS3FullAccess");
    kit.inline(execName, "ecs-service", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken",
          "ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage","logs:CreateLogGroup",
          "logs:DescribeLogStreams","logs:CreateLogStream","logs:PutLogEvents","ssm:GetParameterHistory","ssm:GetParameter",
          "ssm:GetParameters","ssm:GetParametersByPath","iam:PassRole","ec2:Describe*","ecr:*"],"Resource":"*"}]}""");
    String taskName = ENV + "-role-fargate";
    taskRole = kit.role(taskName, EstateKit.ecsTasksTrustNoCondition());
    kit.attach(taskName, "arn:aws:iam::aws:policy/AmazonECS_FullAccess");
    kit.attach(taskName, "arn:aws:iam::aws:policy/AmazonS3FullAccess");
    kit.inline(taskName, "ECS", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GetRole","iam:PassRole",
          "ssm:GetParametersByPath","ssm:GetParameter","ecr:*"],"Resource":"*"}]}""");

    String subnet = net.privateSubnets.get(0);
    managerDefinition = register(kit, ENV + "-runner-mgr-task", "256", "512", templateContainer(kit, ENV, "manager", 512)
        .environment(env("GITLAB_URL", "https://gitlab.com"), env("GITLAB_REGISTRATION_TOKEN", TOKEN),
            env("FARGATE_CLUSTER", CLUSTER), env("FARGATE_REGION", kit.region), env("FARGATE_SUBNET", subnet),
            env("FARGATE_SECURITY_GROUP", group), env("FARGATE_TASK_DEFINITION", ENV + "-runner-default-task"))
        .build());
    for (String job : JOBS) {
      jobDefinitions.put(job, register(kit, ENV + "-runner-" + job + "-task", "2048", "4096",
          templateContainer(kit, "ci-coordinator", job, 4096).build()));
    }

    String service = ENV + "-api-fargate";
    kit.service(cluster, service, managerDefinition, 1, net.privateSubnets, group, AssignPublicIp.DISABLED);
    kit.serviceTask(cluster, service, managerDefinition, subnet, group);
    kit.runJobs(cluster, jobDefinitions.get("default"), subnet, group, 2);
    kit.runJobs(cluster, jobDefinitions.get("kaniko"), subnet, group, 1);
    kit.runJobs(cluster, jobDefinitions.get("gradle"), subnet, group, 1);

    ConfigFiles.fargateTomlFromTheDriverTemplate(dir, CLUSTER, kit.region, subnet, group, ENV + "-runner-default-task",
        " #should be false because of Fargate");
    return new ConfigFiles.AuditYml().clusters(CLUSTER)
        .families(JOBS.stream().map(j -> ENV + "-runner-" + j + "-task").toArray(String[]::new))
        .runnerConfig("fargate.toml").runnerRole(taskRole).expectedEgressIps(net.egressIps).sshSources(group)
        .allowedRegistries(kit.registry()).write(dir);
  }

  private record Network(String vpc, List<String> privateSubnets, List<String> egressIps) {}

  /** The template's {@code Network} section: two public and two private subnets, one NAT gateway. */
  private static Network network(EstateKit kit) {
    String vpc = kit.aws.ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")
        .tagSpecifications(EstateKit.tags(software.amazon.awssdk.services.ec2.model.ResourceType.VPC, ENV))).vpc().vpcId();
    kit.aws.ec2.modifyVpcAttribute(r -> r.vpcId(vpc).enableDnsHostnames(AttributeBooleanValue.builder().value(true).build()));
    String igw = kit.aws.ec2.createInternetGateway().internetGateway().internetGatewayId();
    kit.aws.ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
    String publicRt = kit.routeTable(vpc, ENV + ":Public");
    kit.aws.ec2.createRoute(r -> r.routeTableId(publicRt).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
    String publicOne = kit.subnet(vpc, "10.0.1.0/24", kit.region + "a", ENV + ":PublicOne", publicRt);
    String publicTwo = kit.subnet(vpc, "10.0.2.0/24", kit.region + "b", ENV + ":PublicTwo", publicRt);
    for (String s : List.of(publicOne, publicTwo)) {
      kit.aws.ec2.modifySubnetAttribute(r -> r.subnetId(s).mapPublicIpOnLaunch(AttributeBooleanValue.builder().value(true).build()));
    }
    var eip = kit.aws.ec2.allocateAddress(r -> r.domain("vpc"));
    String nat = kit.aws.ec2.createNatGateway(r -> r.subnetId(publicOne).allocationId(eip.allocationId())).natGateway().natGatewayId();
    String privateRt = kit.routeTable(vpc, ENV + ":Private");
    kit.aws.ec2.createRoute(r -> r.routeTableId(privateRt).destinationCidrBlock("0.0.0.0/0").natGatewayId(nat));
    List<String> privateSubnets = List.of(
        kit.subnet(vpc, "10.0.101.0/24", kit.region + "a", ENV + ":PrivateOne", privateRt),
        kit.subnet(vpc, "10.0.102.0/24", kit.region + "b", ENV + ":PrivateTwo", privateRt));
    return new Network(vpc, privateSubnets, List.of(eip.publicIp()));
  }

  /** A container of the template: its repository's {@code :latest}, container memory, port 22, logs to the one log group. */
  private static ContainerDefinition.Builder templateContainer(EstateKit kit, String name, String image, int memory) {
    return ContainerDefinition.builder().name(name).image(kit.registry() + "/" + ENV + "-runner-" + image + ":latest").memory(memory)
        .portMappings(p -> p.containerPort(22))
        .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of(
            "awslogs-region", kit.region, "awslogs-group", "GitlabCluster-log-group", "awslogs-stream-prefix", "ecs")));
  }

  private String register(EstateKit kit, String family, String cpu, String memory, ContainerDefinition container) {
    return kit.aws.ecs.registerTaskDefinition(r -> r.family(family).executionRoleArn(executionRole).taskRoleArn(taskRole)
        .networkMode(NetworkMode.AWSVPC).requiresCompatibilities(Compatibility.FARGATE).cpu(cpu).memory(memory)
        .containerDefinitions(container)).taskDefinition().taskDefinitionArn();
  }

  @Override
  List<String> plaintextSecrets() {
    return List.of(TOKEN);
  }

  @Override
  Expectation expected() {
    List<Expectation.Hit> advice = new java.util.ArrayList<>(List.of(
        fail("FCA-IAM-003", role(executionRole)),
        fail("FCA-IAM-003", role(taskRole)),
        fail("FCA-IAM-008", role(executionRole)),
        fail("FCA-IAM-008", role(taskRole)),
        fail("FCA-IAM-010", role(taskRole)),
        fail("FCA-IAM-012", role(taskRole)),
        fail("FCA-IMAGES-004", container(managerDefinition, ENV))));
    jobDefinitions.values().forEach(d -> advice.add(fail("FCA-IMAGES-004", container(d, "ci-coordinator"))));
    for (String repo : repositories) {
      advice.add(fail("FCA-IMAGES-006", repository(repo)));
      advice.add(fail("FCA-IMAGES-007", repository(repo)));
    }
    return Expectation.gate(
            fail("FCA-IAM-001", role(executionRole)),
            fail("FCA-IAM-005", role(executionRole)),
            fail("FCA-IAM-006", role(executionRole)),
            fail("FCA-IAM-001", role(taskRole)),
            fail("FCA-IAM-005", role(taskRole)),
            fail("FCA-IAM-006", role(taskRole)),
            fail("FCA-IAM-009", role(taskRole)),
            fail("FCA-IAM-011", role(taskRole)),
            fail("FCA-IAM-014", role(taskRole)),
            fail("FCA-PORTS-001", securityGroup(group)),
            fail("FCA-PORTS-004", securityGroup(group)),
            fail("FCA-IMAGES-008", container(managerDefinition, ENV)))
        .withAdvice(advice.toArray(Expectation.Hit[]::new))
        .andNothingElseBelowTheGate();
  }
}
