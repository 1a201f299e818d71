package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.EstateKit.env;
import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.role;

import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;

/**
 * Wrong. A fork of AWS's CDK sample at the revision that runs one manager per zone
 * ({@code melouaer/cdk-fargate-gitlab-runner}: {@code app.py},
 * {@code gitlab_ci_fargate_runner/gitlab_ci_fargate_runner_stack.py},
 * {@code task_definitions/task_definition_stack.py}, {@code docker_images/demo/task_role_policies.j2},
 * {@code docker_fargate_driver/config_driver_template.toml} and {@code docker-entrypoint.sh}):
 *
 * <ul>
 *   <li>Stack {@code GitlabrunnerStack}: cluster {@code GitlabrunnerStack-cluster}; one group for
 *       the managers and the jobs, tcp/22 from itself, outbound only tcp/22 to itself and tcp/443
 *       anywhere. For each of zones a and b a revision of the family {@code gitlab-fargate-driver}
 *       (revisions 1 and 2, differing only in {@code FARGATE_SUBNET}, the zone's private subnet,
 *       and the container's name) and a service running it in that subnet, no public IP. The
 *       registration token comes from {@code GitlabSecretToken} (partial ARN, {@code token} key).
 *   <li>Both revisions have the execution role {@code GitlabExecutionRole} (AWS's execution-role
 *       policy only) and the task role {@code GitlabRunnerTaskRole}: {@code AmazonECS_FullAccess},
 *       {@code secretsmanager:GetSecretValue} on {@code secret:GitlabSecretToken*}, the cache
 *       bucket's objects.
 *   <li>Stack {@code demoTaskDefinitionStack} ({@code docker_image_name: demo}): family
 *       {@code demo} with one {@code ci-coordinator} (port 22), its execution role with AWS's
 *       execution-role policy and its task role with {@code AmazonEC2ContainerRegistryReadOnly} and
 *       the image's {@code task_role_policies.j2}: logs on one log-group prefix; {@code ec2:*},
 *       {@code s3:*}, {@code iam:*}, {@code kms:*}, {@code ecs:*} and fifteen other
 *       {@code service:*} on {@code *}; and a Deny of {@code iam:*User*}, {@code iam:*Login*},
 *       {@code iam:*Group*}, {@code iam:*Provider*}, billing, Config, Direct Connect,
 *       Marketplace and {@code ec2:*ReservedInstances*}.
 *   <li>The entrypoint renders the driver template with no {@code FARGATE_TASK_DEFINITION} (each
 *       job names {@code demo:1}): lowercase keys, the zone's subnet, no public IP. The team's
 *       {@code audit.yml} points at the zone-a manager's.
 * </ul>
 *
 * <p>Left out: the S3 bucket, log groups, the services' CPU autoscaling, the capacity providers
 * the entrypoint sets with {@code put-cluster-capacity-providers}; CloudFormation's random
 * suffixes are fixed. The template's trailing comma after {@code ec2:*ReservedInstances*} is
 * dropped: {@code json.loads} rejects it, so the stack only synthesizes without it.
 *
 * <p>What a correct tool fails at the gate, as reference-setup.md's check 5 says:
 * <ul>
 *   <li>On the managers' task role, from {@code AmazonECS_FullAccess}: FCA-IAM-001, FCA-IAM-005,
 *       FCA-IAM-006 (critical), FCA-IAM-009 and FCA-IAM-011, as for the other forks.
 *   <li>On the {@code demo} task role: FCA-IAM-005 ({@code s3:*}, {@code kms:*},
 *       {@code iam:PassRole} on {@code *}) and FCA-IAM-006, critical: the Deny takes away IAM's
 *       user, login, group and provider actions, but {@code iam:*} still grants
 *       {@code iam:AttachRolePolicy}, {@code iam:PutRolePolicy}, {@code iam:CreatePolicyVersion}
 *       and {@code iam:PassRole} with {@code ecs:RunTask} on {@code *}: a job can make any role
 *       administrator, its own included; FCA-IAM-014: {@code AmazonEC2ContainerRegistryReadOnly}
 *       and {@code ecr:*} on {@code *} let any demo job pull every private image of the account.
 * </ul>
 * Below it: the demo role's own {@code service:*} grants (FCA-IAM-003), the four trust policies
 * without a source condition (FCA-IAM-008), the managers' PassRole not limited to ECS tasks
 * (FCA-IAM-010) and RunTask in any cluster (FCA-IAM-012), AWS's execution-role policy on both
 * execution roles (FCA-IAM-013).
 */
final class CdkRunnerZoneManagers extends CorpusEstate {
  static final String STACK = "GitlabrunnerStack";
  static final String JOB_STACK = "demoTaskDefinitionStack";

  private String executionRole;
  private String runnerRole;
  private String demoExecutionRole;
  private String demoTaskRole;

  CdkRunnerZoneManagers() {
    super("bad-cdk-runner-zone-managers");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    EstateKit.Network net = kit.network("gitlab-vpc", 9, 2, false);
    String clusterName = STACK + "-cluster";
    String cluster = kit.cluster(clusterName);
    String group = kit.securityGroup(net.vpc(), STACK + "-gitlabRunnerSg5C3A1E9B-2WS3ED4RF5TG", STACK + "/gitlabRunnerSg");
    kit.allowTcpFromGroup(group, 22, group, "from " + STACK + "gitlabRunnerSg:22");
    CdkFargateRunnerSample.restrictEgress(kit, group, 443);

    EstateKit.Repository repo = CdkFargateRunnerSample.assetRepository(kit);
    String driverImage = CdkFargateRunnerSample.assetImage(kit, repo, "5a7c9e1b3d5f7a9c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a6c8e0b2d4f6a8c");
    String demoImage = CdkFargateRunnerSample.assetImage(kit, repo, "8c6a4e2f0d8b6a4c2e0f8d6b4a2c0e8f6d4b2a0c8e6f4d2b0a8c6e4f2d0b8a6c");
    kit.secret("GitlabSecretToken", "{\"token\":\"not-read-by-the-tool\"}");

    String execName = STACK + "-GitlabExecutionRoleD1E2F3A4-5TG6YH7UJ8IK";
    executionRole = kit.role(execName, EstateKit.ecsTasksTrustNoCondition());
    kit.attach(execName, EstateKit.ECS_TASK_EXECUTION_ROLE_POLICY);
    String taskName = STACK + "-GitlabRunnerTaskRole5A6B7C8D-9OL8IK7UJ6YH";
    runnerRole = kit.role(taskName, EstateKit.ecsTasksTrustNoCondition());
    kit.attach(taskName, "arn:aws:iam::aws:policy/AmazonECS_FullAccess");
    kit.inline(taskName, "fargateRunnerTaskPolicies", """
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"%s"},
          {"Effect":"Allow","Action":["s3:PutObject","s3:GetObjectVersion","s3:GetObject","s3:DeleteObject"],
           "Resource":"arn:aws:s3:::gitlabrunnerstack-gitlabrunnercachebucket3c5e-1q2w3e4r5t6y/*"}]}"""
        .formatted(kit.arn("secretsmanager", "secret:GitlabSecretToken*")));

    String demoExecName = JOB_STACK + "-GitlabExecutionRole0A1B2C3D-3RF4TG5YH6UJ";
    demoExecutionRole = kit.role(demoExecName, EstateKit.ecsTasksTrustNoCondition());
    kit.attach(demoExecName, EstateKit.ECS_TASK_EXECUTION_ROLE_POLICY);
    String demoTaskName = JOB_STACK + "-GitlabTaskRoleE4F5A6B7-7IK8OL9PZ0AQ";
    demoTaskRole = kit.role(demoTaskName, EstateKit.ecsTasksTrustNoCondition());
    kit.attach(demoTaskName, "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly");
    kit.inline(demoTaskName, "taskPolicy2D4F6A8C", demoPolicy(kit));

    String demo = kit.taskDefinition("demo", demoExecutionRole, demoTaskRole, null,
        CdkFargateRunnerSample.container(kit, "ci-coordinator", demoImage,
            JOB_STACK + "-fargateExecutorTaskDefinitionfargateExecutorContainerLogGroup-AbCdEf123456").build());
    for (int z = 0; z < 2; z++) {
      String az = String.valueOf((char) ('a' + z));
      String subnet = net.ciSubnets().get(z);
      String manager = kit.taskDefinition("gitlab-fargate-driver", executionRole, runnerRole, null,
          CdkFargateRunnerSample.container(kit, "fargateDriverContainerAz" + az, driverImage,
                  STACK + "-fargateDriverTaskDefinitionAz" + az + "fargateDriverContainerAz" + az + "LogGroup-Gh" + z + "IjKl")
              .environment(env("FARGATE_CLUSTER", clusterName), env("FARGATE_REGION", kit.region),
                  env("FARGATE_SECURITY_GROUP", group), env("RUNNER_TAG_LIST", "fargate,demo"),
                  env("CACHE_BUCKET", "gitlabrunnerstack-gitlabrunnercachebucket3c5e-1q2w3e4r5t6y"),
                  env("CACHE_BUCKET_REGION", kit.region), env("FARGATE_SUBNET", subnet))
              .secrets(EstateKit.secretEnv("GITLAB_REGISTRATION_TOKEN", kit.arn("secretsmanager", "secret:GitlabSecretToken") + ":token::"))
              .build());
      String service = STACK + "-gitlabRunnerServiceAz" + az + "Service" + z + "F1E2D3-Mn" + z + "Op";
      kit.service(cluster, service, manager, 1, List.of(subnet), group, AssignPublicIp.DISABLED);
      kit.serviceTask(cluster, service, manager, subnet, group);
      kit.runJobs(cluster, demo, subnet, group, 1);
    }

    CdkFargateRunnerSample.driverConfig(dir, clusterName, kit.region, net.ciSubnets().get(0), group);
    return new ConfigFiles.AuditYml().clusters(clusterName).families("demo").runnerRole(runnerRole)
        .expectedEgressIps(net.egressIps()).sshSources(group).allowedRegistries(kit.registry())
        .runnerConfig("fargate.toml").write(dir);
  }

  /** {@code docker_images/demo/task_role_policies.j2} as Jinja renders it for the account and region. */
  private static String demoPolicy(EstateKit kit) {
    List<String> services = List.of("ec2:*", "rds:*", "s3:*", "sns:*", "sqs:*", "iam:*", "elasticloadbalancing:*", "autoscaling:*",
        "cloudwatch:*", "cloudfront:*", "route53:*", "ecr:*", "logs:*", "ecs:*", "application-autoscaling:*", "logs:*", "events:*",
        "elasticache:*", "es:*", "kms:*", "dynamodb:*");
    List<String> denied = List.of("iam:*User*", "iam:*Login*", "iam:*Group*", "iam:*Provider*", "aws-portal:*", "budgets:*",
        "config:*", "directconnect:*", "aws-marketplace:*", "aws-marketplace-management:*", "ec2:*ReservedInstances*");
    return """
        {"Version":"2012-10-17","Statement":[
          {"Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:DescribeLogStreams","logs:PutLogEvents"],
           "Resource":"%s","Effect":"Allow"},
          {"Action":%s,"Resource":"*","Effect":"Allow"},
          {"Action":%s,"Resource":"*","Effect":"Deny"}]}"""
        .formatted(kit.arn("logs", "log-group:/gitlab-fargate-runner/*"), Platform.json(services), Platform.json(denied));
  }

  @Override
  Expectation expected() {
    return Expectation.gate(
            fail("FCA-IAM-001", role(runnerRole)),
            fail("FCA-IAM-005", role(runnerRole)),
            fail("FCA-IAM-006", role(runnerRole)),
            fail("FCA-IAM-009", role(runnerRole)),
            fail("FCA-IAM-011", role(runnerRole)),
            fail("FCA-IAM-005", role(demoTaskRole)),
            fail("FCA-IAM-006", role(demoTaskRole)),
            fail("FCA-IAM-014", role(demoTaskRole)))
        .withAdvice(
            fail("FCA-IAM-003", role(demoTaskRole)),
            fail("FCA-IAM-008", role(executionRole)),
            fail("FCA-IAM-008", role(runnerRole)),
            fail("FCA-IAM-008", role(demoExecutionRole)),
            fail("FCA-IAM-008", role(demoTaskRole)),
            fail("FCA-IAM-010", role(runnerRole)),
            fail("FCA-IAM-012", role(runnerRole)),
            fail("FCA-IAM-013", role(executionRole)),
            fail("FCA-IAM-013", role(demoExecutionRole)))
        .andNothingElseBelowTheGate();
  }
}
