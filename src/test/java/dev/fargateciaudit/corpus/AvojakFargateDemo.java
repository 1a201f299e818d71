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
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkMode;

/**
 * Wrong. {@code avojak/gitlab-fargate-demo}: a self-hosted GitLab and its Fargate-driver runner,
 * built by Terraform ({@code terraform/{network,subnets,gateways,security,policies,servers,clusters,tasks}.tf})
 * and configured by Ansible ({@code ansible/roles/runner/templates/fargate.toml.j2},
 * {@code ansible/roles/runner/defaults/main.yml}), as its {@code terraform apply} and playbook leave it:
 *
 * <ul>
 *   <li>One VPC ({@code 10.0.0.0/16}, DNS hostnames on) with one subnet, {@code cidrsubnet(10.0.0.0/16, 3, 1)}
 *       = {@code 10.0.32.0/19}, whose route table sends {@code 0.0.0.0/0} to the Internet Gateway.
 *       GitLab and the runner manager are instances in it, each with an Elastic IP.
 *   <li>The runner's group {@code runner-sg} takes tcp/22 from {@code 0.0.0.0/0}; {@code fargate.toml}
 *       names the runner's own subnet and this group for the jobs, with {@code EnablePublicIP = true}
 *       and no {@code [SSH] Port} (the driver's default, 22). GitLab's group {@code allow-all-sg}
 *       (tcp/22 and tcp/80 from anywhere) is attached to GitLab only.
 *   <li>The runner's instance profile {@code fargate_profile} carries {@code fargate_role}, trusted by
 *       EC2, with the customer managed policy {@code fargate_policy} ("full ECS access for Fargate
 *       use"): a copy of an older {@code AmazonECS_FullAccess}, so {@code ecs:*} and a hundred
 *       EC2, ELB, CloudFormation and CodeDeploy actions on {@code *}, and {@code iam:PassRole} on
 *       {@code *} to {@code ecs-tasks.amazonaws.com} (StringLike), on {@code ecsInstanceRole*} to
 *       EC2 and on {@code ecsAutoscaleRole*} to Application Auto Scaling.
 *   <li>Cluster {@code gitlab-cluster}; task definition {@code test-task} (Fargate, 1 vCPU, 2 GB)
 *       with one container {@code ci-coordinator}, port 22/tcp, image
 *       {@code avojak/gitlab-fargate-driver-ubi8:1.0.0} from Docker Hub, and no execution or task
 *       role. Two jobs run ({@code concurrent = 2}), with public IPs.
 * </ul>
 *
 * <p>Left out: the cluster's FARGATE capacity-provider strategy (moto's tasks take a launch type),
 * the key pair, the instances' volumes, the region (the source's {@code us-east-1}, here the
 * corpus's). A task's public IP is an Elastic IP on its interface ({@link EstateKit#publicIp}).
 * The {@code audit.yml} is the one the team would write: the cluster and family, the driver's
 * config, the runner's role, SSH from the runner's group; no egress IP (there is no NAT gateway).
 *
 * <p>What a correct tool fails at the gate, by reference-setup.md's checks:
 * <ul>
 *   <li>Check 1: FCA-PUBLICIP-004 on {@code fargate.toml}, FCA-PUBLICIP-002 on each running job.
 *   <li>Check 2: FCA-EGRESS-001 on the subnet: its default route is the Internet Gateway.
 *   <li>Check 3, on {@code runner-sg} (the jobs' group): FCA-PORTS-001 (critical, SSH from the
 *       whole internet) and FCA-PORTS-004 (SSH from a source other than the runner).
 *   <li>Check 4: FCA-IMAGES-001 on {@code ci-coordinator}: a public Docker Hub image, no credentials.
 *   <li>Check 5, on {@code fargate_role}: FCA-IAM-005 ({@code iam:PassRole} on every role:
 *       {@code iam:PassedToService} says to which service, not which role), FCA-IAM-006 (that
 *       PassRole to ECS tasks with {@code ecs:RunTask} on every task definition), FCA-IAM-009 and
 *       FCA-IAM-011 (any role passed, any task definition started).
 * </ul>
 * Not FCA-IAM-001: the policy is the team's own, not AWS's, so it is judged statement by
 * statement. Below the gate, exactly: its {@code ecs:*} (FCA-IAM-003), PassRole also to EC2 and
 * Application Auto Scaling (FCA-IAM-010) and RunTask in any cluster (FCA-IAM-012). Nothing else:
 * no execution role is needed for a public image without logs; the subnet does not auto-assign
 * public IPs; the missing SSH port is 22; GitLab's own group is not attached to CI.
 */
final class AvojakFargateDemo extends CorpusEstate {
  private String subnet;
  private String runnerGroup;
  private String runnerRole;
  private String testTask;
  private List<String> jobs;

  AvojakFargateDemo() {
    super("bad-avojak-fargate-demo");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    var ec2 = kit.aws.ec2;
    String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16").tagSpecifications(EstateKit.tags(ResourceType.VPC, "GitLab VPC")))
        .vpc().vpcId();
    ec2.modifyVpcAttribute(r -> r.vpcId(vpc).enableDnsHostnames(AttributeBooleanValue.builder().value(true).build()));
    String igw = ec2.createInternetGateway(r -> r.tagSpecifications(EstateKit.tags(ResourceType.INTERNET_GATEWAY, "GitLab Gateway")))
        .internetGateway().internetGatewayId();
    ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
    subnet = kit.subnetRoutedTo(vpc, "10.0.32.0/19", "GitLab Route Table", r -> r.gatewayId(igw));

    String gitlabGroup = kit.securityGroup(vpc, "allow-all-sg", "Managed by Terraform");
    ec2.authorizeSecurityGroupIngress(r -> r.groupId(gitlabGroup).ipPermissions(
        IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22).ipRanges(i -> i.cidrIp("0.0.0.0/0")).build(),
        IpPermission.builder().ipProtocol("tcp").fromPort(80).toPort(80).ipRanges(i -> i.cidrIp("0.0.0.0/0")).build()));
    runnerGroup = kit.securityGroup(vpc, "runner-sg", "Managed by Terraform");
    ec2.authorizeSecurityGroupIngress(r -> r.groupId(runnerGroup).ipPermissions(
        IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22).ipRanges(i -> i.cidrIp("0.0.0.0/0")).build()));

    runnerRole = kit.role("fargate_role", EstateKit.ec2Trust());
    kit.customerPolicy("fargate_role", "fargate_policy", fargatePolicy());
    kit.aws.iam.createInstanceProfile(r -> r.instanceProfileName("fargate_profile"));
    kit.aws.iam.addRoleToInstanceProfile(r -> r.instanceProfileName("fargate_profile").roleName("fargate_role"));
    instanceWithElasticIp(kit, "GitLab", "t3.medium", gitlabGroup, null);
    instanceWithElasticIp(kit, "Runner", "t2.micro", runnerGroup, "fargate_profile");

    String cluster = kit.cluster("gitlab-cluster");
    testTask = kit.aws.ecs.registerTaskDefinition(r -> r.family("test-task").requiresCompatibilities(Compatibility.FARGATE)
        .networkMode(NetworkMode.AWSVPC).cpu("1024").memory("2048").containerDefinitions(ContainerDefinition.builder()
            .name("ci-coordinator").image("avojak/gitlab-fargate-driver-ubi8:1.0.0").cpu(1024).memory(2048).essential(true)
            .portMappings(p -> p.containerPort(22).protocol("tcp")).build()))
        .taskDefinition().taskDefinitionArn();
    jobs = kit.runJobs(cluster, testTask, subnet, runnerGroup, 2);
    jobs.forEach(t -> kit.publicIp(cluster, t));

    ConfigFiles.fargateToml(dir, """
        LogLevel = "info"
        LogFormat = "text"

        [Fargate]
          Cluster = "gitlab-cluster"
          Region = "%s"
          Subnet = "%s"
          SecurityGroup = "%s"
          TaskDefinition = "test-task:1"
          EnablePublicIP = true

        [TaskMetadata]
          Directory = "/etc/gitlab-runner/metadata"

        [SSH]
          Username = "root"
        """.formatted(kit.region, subnet, runnerGroup));
    return new ConfigFiles.AuditYml().clusters("gitlab-cluster").families("test-task").runnerConfig("fargate.toml")
        .runnerRole(runnerRole).sshSources(runnerGroup).write(dir);
  }

  private void instanceWithElasticIp(EstateKit kit, String name, String type, String group, String profile) {
    String id = kit.aws.ec2.runInstances(r -> {
      r.imageId(EstateKit.RUNNER_AMI).minCount(1).maxCount(1).instanceType(type).keyName("provisioner-key")
          .subnetId(subnet).securityGroupIds(group).tagSpecifications(EstateKit.tags(ResourceType.INSTANCE, name));
      if (profile != null) r.iamInstanceProfile(p -> p.name(profile));
    }).instances().get(0).instanceId();
    String eip = kit.aws.ec2.allocateAddress(r -> r.domain("vpc")).allocationId();
    kit.aws.ec2.associateAddress(r -> r.allocationId(eip).instanceId(id));
  }

  /** {@code terraform/policies.tf}: an older {@code AmazonECS_FullAccess}, as a customer managed policy. */
  private static String fargatePolicy() {
    List<String> onEverything = List.of("application-autoscaling:DeleteScalingPolicy",
        "application-autoscaling:DeregisterScalableTarget", "application-autoscaling:DescribeScalableTargets",
        "application-autoscaling:DescribeScalingActivities", "application-autoscaling:DescribeScalingPolicies",
        "application-autoscaling:PutScalingPolicy", "application-autoscaling:RegisterScalableTarget",
        "appmesh:DescribeVirtualGateway", "appmesh:DescribeVirtualNode", "appmesh:ListMeshes", "appmesh:ListVirtualGateways",
        "appmesh:ListVirtualNodes", "autoscaling:CreateAutoScalingGroup", "autoscaling:CreateLaunchConfiguration",
        "autoscaling:DeleteAutoScalingGroup", "autoscaling:DeleteLaunchConfiguration", "autoscaling:Describe*",
        "autoscaling:UpdateAutoScalingGroup", "cloudformation:CreateStack", "cloudformation:DeleteStack",
        "cloudformation:DescribeStack*", "cloudformation:UpdateStack", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms",
        "cloudwatch:GetMetricStatistics", "cloudwatch:PutMetricAlarm", "codedeploy:BatchGetApplicationRevisions",
        "codedeploy:BatchGetApplications", "codedeploy:BatchGetDeploymentGroups", "codedeploy:BatchGetDeployments",
        "codedeploy:ContinueDeployment", "codedeploy:CreateApplication", "codedeploy:CreateDeployment",
        "codedeploy:CreateDeploymentGroup", "codedeploy:GetApplication", "codedeploy:GetApplicationRevision",
        "codedeploy:GetDeployment", "codedeploy:GetDeploymentConfig", "codedeploy:GetDeploymentGroup",
        "codedeploy:GetDeploymentTarget", "codedeploy:ListApplicationRevisions", "codedeploy:ListApplications",
        "codedeploy:ListDeploymentConfigs", "codedeploy:ListDeploymentGroups", "codedeploy:ListDeployments",
        "codedeploy:ListDeploymentTargets", "codedeploy:RegisterApplicationRevision", "codedeploy:StopDeployment",
        "ec2:AssociateRouteTable", "ec2:AttachInternetGateway", "ec2:AuthorizeSecurityGroupIngress",
        "ec2:CancelSpotFleetRequests", "ec2:CreateInternetGateway", "ec2:CreateLaunchTemplate", "ec2:CreateRoute",
        "ec2:CreateRouteTable", "ec2:CreateSecurityGroup", "ec2:CreateSubnet", "ec2:CreateVpc", "ec2:DeleteLaunchTemplate",
        "ec2:DeleteSubnet", "ec2:DeleteVpc", "ec2:Describe*", "ec2:DetachInternetGateway", "ec2:DisassociateRouteTable",
        "ec2:ModifySubnetAttribute", "ec2:ModifyVpcAttribute", "ec2:RequestSpotFleet", "ec2:RunInstances", "ecs:*",
        "elasticfilesystem:DescribeAccessPoints", "elasticfilesystem:DescribeFileSystems", "elasticloadbalancing:CreateListener",
        "elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateRule", "elasticloadbalancing:CreateTargetGroup",
        "elasticloadbalancing:DeleteListener", "elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:DeleteRule",
        "elasticloadbalancing:DeleteTargetGroup", "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeRules",
        "elasticloadbalancing:DescribeTargetGroups", "events:DeleteRule", "events:DescribeRule",
        "events:ListRuleNamesByTarget", "events:ListTargetsByRule", "events:PutRule", "events:PutTargets",
        "events:RemoveTargets", "fsx:DescribeFileSystems", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfiles",
        "iam:ListRoles", "lambda:ListFunctions", "logs:CreateLogGroup", "logs:DescribeLogGroups", "logs:FilterLogEvents",
        "route53:CreateHostedZone", "route53:DeleteHostedZone", "route53:GetHealthCheck", "route53:GetHostedZone",
        "route53:ListHostedZonesByName", "servicediscovery:CreatePrivateDnsNamespace", "servicediscovery:CreateService",
        "servicediscovery:DeleteService", "servicediscovery:GetNamespace", "servicediscovery:GetOperation",
        "servicediscovery:GetService", "servicediscovery:ListNamespaces", "servicediscovery:ListServices",
        "servicediscovery:UpdateService", "sns:ListTopics");
    return """
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":%s,"Resource":["*"]},
          {"Effect":"Allow","Action":["ssm:GetParameter","ssm:GetParameters","ssm:GetParametersByPath"],
           "Resource":"arn:aws:ssm:*:*:parameter/aws/service/ecs*"},
          {"Effect":"Allow","Action":["ec2:DeleteInternetGateway","ec2:DeleteRoute","ec2:DeleteRouteTable","ec2:DeleteSecurityGroup"],
           "Resource":["*"],"Condition":{"StringLike":{"ec2:ResourceTag/aws:cloudformation:stack-name":"EC2ContainerService-*"}}},
          {"Action":"iam:PassRole","Effect":"Allow","Resource":["*"],
           "Condition":{"StringLike":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}},
          {"Action":"iam:PassRole","Effect":"Allow","Resource":["arn:aws:iam::*:role/ecsInstanceRole*"],
           "Condition":{"StringLike":{"iam:PassedToService":["ec2.amazonaws.com","ec2.amazonaws.com.cn"]}}},
          {"Action":"iam:PassRole","Effect":"Allow","Resource":["arn:aws:iam::*:role/ecsAutoscaleRole*"],
           "Condition":{"StringLike":{"iam:PassedToService":["application-autoscaling.amazonaws.com",
             "application-autoscaling.amazonaws.com.cn"]}}},
          {"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"*",
           "Condition":{"StringLike":{"iam:AWSServiceName":["autoscaling.amazonaws.com","ecs.amazonaws.com",
             "ecs.application-autoscaling.amazonaws.com","spot.amazonaws.com","spotfleet.amazonaws.com"]}}},
          {"Effect":"Allow","Action":["elasticloadbalancing:AddTags"],"Resource":"*",
           "Condition":{"StringEquals":{"elasticloadbalancing:CreateAction":["CreateTargetGroup","CreateRule",
             "CreateListener","CreateLoadBalancer"]}}}]}""".formatted(Platform.json(onEverything));
  }

  @Override
  Expectation expected() {
    return Expectation.gate(
            fail("FCA-PUBLICIP-004", runnerConfig("fargate.toml")),
            fail("FCA-PUBLICIP-002", task(jobs.get(0))),
            fail("FCA-PUBLICIP-002", task(jobs.get(1))),
            fail("FCA-EGRESS-001", subnet(subnet)),
            fail("FCA-PORTS-001", securityGroup(runnerGroup)),
            fail("FCA-PORTS-004", securityGroup(runnerGroup)),
            fail("FCA-IMAGES-001", container(testTask, "ci-coordinator")),
            fail("FCA-IAM-005", role(runnerRole)),
            fail("FCA-IAM-006", role(runnerRole)),
            fail("FCA-IAM-009", role(runnerRole)),
            fail("FCA-IAM-011", role(runnerRole)))
        .withAdvice(
            fail("FCA-IAM-003", role(runnerRole)),
            fail("FCA-IAM-010", role(runnerRole)),
            fail("FCA-IAM-012", role(runnerRole)))
        .andNothingElseBelowTheGate();
  }
}
