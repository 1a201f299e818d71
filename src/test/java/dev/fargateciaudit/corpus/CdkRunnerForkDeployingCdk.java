package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.role;

import java.nio.file.Path;

/**
 * Wrong. A team's fork of AWS's sample ({@code austindimmer/cdk-fargate-gitlab-runner}: its
 * {@code gitlab_ci_fargate_runner/gitlab_ci_fargate_runner_stack.py},
 * {@code task_definitions/task_definition_stack.py}, {@code config/app.yml} and
 * {@code config/policy.json.j2}), adapted so that CI jobs deploy the team's CDK apps:
 *
 * <ul>
 *   <li>As in the sample ({@link CdkFargateRunnerSample}): the manager is a Fargate service
 *       ({@code gitlab-runner}, ECS Exec on) in the cluster {@code GitlabrunnerBastionStack-cluster}
 *       its jobs run in, in the VPC's private subnets behind a NAT gateway; one group, for the
 *       manager and the jobs alike, takes tcp/22 from itself and sends only tcp/22 to itself and
 *       tcp/443, tcp/80 out; the driver config is the sample's rendered template; the images are
 *       CDK assets in the bootstrap's repository; the registration token is read from
 *       {@code GitlabSecretToken} (partial ARN, {@code token} key) by the execution role, which has
 *       AWS's execution-role policy, {@code ssmmessages:*Channel} on {@code *} and CDK's
 *       {@code grant_read} of that secret. Every role is trusted by {@code ecs-tasks.amazonaws.com}
 *       with no condition.
 *   <li>What the fork changed: the manager's task role has {@code AmazonECS_FullAccess} (where the
 *       sample grants RunTask, StopTask, DescribeTasks and a PassRole pattern) beside the cache
 *       bucket's objects; the one job family, {@code cdk} (stack
 *       {@code CdkDockerImageTaskDefinitionStack}, {@code managed_policies: []}), has a task role
 *       whose policy is the team's {@code policy.json.j2} rendered for the account and region:
 *       an {@code Allow} with {@code NotAction} {@code iam:*}, {@code organizations:*},
 *       {@code account:*}, {@code lambda:invokeFunction} on {@code *}; IAM writes
 *       ({@code iam:AttachRolePolicy}, {@code PutRolePolicy}, {@code CreatePolicyVersion},
 *       {@code CreateRole}, {@code PassRole}, {@code CreateAccessKey}, {@code Get*}, {@code List*}...)
 *       on {@code *}; and the console's "manage your own credentials" statements on
 *       {@code user/${aws:username}} and {@code mfa/${aws:username}}.
 * </ul>
 *
 * <p>Left out, as for the sample: the S3 cache bucket and log groups, the cluster's FARGATE_SPOT
 * strategy, CloudFormation's random name suffixes (fixed here). The team's {@code audit.yml} names
 * the {@code cdk} family, the manager's task role and group, the NAT's address and the account's
 * registry.
 *
 * <p>What a correct tool fails at the gate, as reference-setup.md's check 5 says:
 * <ul>
 *   <li>On the manager's task role, all from {@code AmazonECS_FullAccess}: FCA-IAM-001, FCA-IAM-005
 *       ({@code iam:PassRole} on {@code *}), FCA-IAM-006, critical ({@code iam:PassRole} with
 *       {@code ecs:RunTask} on {@code *}), FCA-IAM-009 (it may pass any role) and FCA-IAM-011
 *       (it may start any task definition).
 *   <li>On the {@code cdk} task role: FCA-IAM-004 (Allow with NotAction: every action of every
 *       other service, today's and tomorrow's); FCA-IAM-005 ({@code iam:PassRole} on {@code *},
 *       and through the NotAction {@code secretsmanager:GetSecretValue}, {@code kms:Decrypt},
 *       {@code s3:GetObject}... on {@code *}); FCA-IAM-006, critical ({@code iam:AttachRolePolicy},
 *       {@code iam:PutRolePolicy}, {@code iam:CreatePolicyVersion} on {@code *}: any job of the
 *       family can make itself administrator); FCA-IAM-014 (the NotAction leaves in
 *       {@code ecr:BatchGetImage} and {@code ecr:GetDownloadUrlForLayer} on {@code *}: any job of
 *       the family can pull every private image of the account).
 * </ul>
 * Below it: the four trust policies without a source condition (FCA-IAM-008), the manager's
 * PassRole not limited to ECS tasks (FCA-IAM-010) and RunTask in any cluster (FCA-IAM-012), AWS's
 * execution-role policy on the two execution roles (FCA-IAM-013).
 */
final class CdkRunnerForkDeployingCdk extends CorpusEstate {
  static final String STACK = CdkFargateRunnerSample.STACK;
  static final String JOB_STACK = "CdkDockerImageTaskDefinitionStack";

  private String runnerExecutionRole;
  private String runnerTaskRole;
  private String cdkExecutionRole;
  private String cdkTaskRole;

  CdkRunnerForkDeployingCdk() {
    super("bad-cdk-runner-fork-deploying-cdk");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    EstateKit.Network net = kit.network("gitlab-vpc", 8, 2, false);
    String cluster = kit.cluster(STACK + "-cluster");
    String group = kit.securityGroup(net.vpc(), STACK + "-GitlabRunner8F2A4C1D-0K9J8H7G6F5D", STACK + "/GitlabRunner");
    kit.allowTcpFromGroup(group, 22, group, "from " + STACK + "GitlabRunner:22");
    CdkFargateRunnerSample.restrictEgress(kit, group, 443, 80);

    EstateKit.Repository repo = CdkFargateRunnerSample.assetRepository(kit);
    String runnerImage = CdkFargateRunnerSample.assetImage(kit, repo, "7d2f4a6c8e0b1d3f5a7c9e1b3d5f7a9c0e2b4d6f8a1c3e5b7d9f0a2c4e6b8d1f");
    String cdkImage = CdkFargateRunnerSample.assetImage(kit, repo, "2e4c6a8f0d1b3e5c7a9f2d4b6e8c0a1f3d5b7e9c2a4f6d8b0e1c3a5f7d9b2e4c");
    kit.secret("GitlabSecretToken", "{\"token\":\"not-read-by-the-tool\"}");

    runnerExecutionRole = CdkFargateRunnerSample.managerExecutionRole(kit, STACK + "-GitlabExecutionRoleD1E2F3A4-7UJ6YH5TG4RF");
    String taskName = STACK + "-GitlabRunnerTaskRole5A6B7C8D-3ED4RF5TG6YH";
    runnerTaskRole = kit.role(taskName, EstateKit.ecsTasksTrustNoCondition());
    kit.attach(taskName, "arn:aws:iam::aws:policy/AmazonECS_FullAccess");
    kit.inline(taskName, "FargateTask", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
          "Action":["s3:PutObject","s3:GetObjectVersion","s3:GetObject","s3:DeleteObject"],
          "Resource":"arn:aws:s3:::gitlabrunnerbastionstack-gitlabrunnercachebucket9f8e-7d6c5b4a3z2y/*"}]}""");

    String cdkExecName = JOB_STACK + "-GitlabExecutionRole0A1B2C3D-MN8BV7CX6ZL5";
    cdkExecutionRole = kit.role(cdkExecName, EstateKit.ecsTasksTrustNoCondition());
    kit.attach(cdkExecName, EstateKit.ECS_TASK_EXECUTION_ROLE_POLICY);
    String cdkTaskName = JOB_STACK + "-GitlabTaskRoleE4F5A6B7-KJ4HG3FD2SA1";
    cdkTaskRole = kit.role(cdkTaskName, EstateKit.ecsTasksTrustNoCondition());
    kit.inline(cdkTaskName, "taskPolicy7B3E9A1C", deployPolicy(kit));

    String runnerDefinition = kit.taskDefinition("gitlab-runner", runnerExecutionRole, runnerTaskRole, null,
        CdkFargateRunnerSample.managerContainer(kit, runnerImage, group, "cdk,infra",
            "gitlabrunnerbastionstack-gitlabrunnercachebucket9f8e-7d6c5b4a3z2y"));
    String cdk = kit.taskDefinition("cdk", cdkExecutionRole, cdkTaskRole, null,
        CdkFargateRunnerSample.container(kit, "ci-coordinator", cdkImage, "/Gitlab/Runner/CdkDockerImageTaskDefinition/").build());

    String subnet = net.ciSubnets().get(0);
    CdkFargateRunnerSample.managerService(kit, cluster, STACK + "-GitlabRunnerService-Pq1Rs2Tu3Vw4", runnerDefinition,
        net.ciSubnets(), group);
    kit.runJobs(cluster, cdk, subnet, group, 2);

    CdkFargateRunnerSample.driverConfig(dir, STACK + "-cluster", kit.region, subnet, group);
    return new ConfigFiles.AuditYml().clusters(STACK + "-cluster").families("cdk").runnerRole(runnerTaskRole)
        .expectedEgressIps(net.egressIps()).sshSources(group).allowedRegistries(kit.registry())
        .runnerConfig("fargate.toml").write(dir);
  }

  /** {@code config/policy.json.j2} as the job stack renders it with Jinja: region and account filled in, IAM's own variables kept. */
  private static String deployPolicy(EstateKit kit) {
    return """
        {"Version":"2012-10-17","Statement":[
          {"Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:DescribeLogStreams","logs:PutLogEvents"],
           "Resource":"%s","Effect":"Allow"},
          {"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*","lambda:invokeFunction"],"Resource":"*"},
          {"Effect":"Allow","Action":["iam:AttachRolePolicy","iam:CreatePolicy","iam:CreatePolicyVersion","iam:GetPolicy",
            "iam:PutRolePolicy","iam:CreateRole","iam:CreateServiceLinkedRole","iam:DeleteServiceLinkedRole","iam:ListRoles",
            "iam:ListRolePolicies","iam:ListAttachedRolePolicies","iam:PassRole","iam:ListAccessKeys","iam:ListUsers","iam:GetRole",
            "iam:GetRolePolicy","iam:CreateAccessKey","organizations:DescribeOrganization","account:ListRegions","iam:Get*",
            "iam:List*","iam:Generate*"],"Resource":"*"},
          {"Sid":"AllowViewAccountInfo2","Effect":"Allow","Action":["iam:GetAccountPasswordPolicy","iam:GetAccountSummary",
            "iam:ListVirtualMFADevices"],"Resource":"*"},
          {"Sid":"AllowManageOwnPasswords2","Effect":"Allow","Action":["iam:ChangePassword","iam:GetUser"],
           "Resource":"arn:aws:iam::*:user/${aws:username}"},
          {"Sid":"AllowManageOwnVirtualMFADevice","Effect":"Allow","Action":["iam:CreateVirtualMFADevice",
            "iam:DeleteVirtualMFADevice"],"Resource":"arn:aws:iam::*:mfa/${aws:username}"},
          {"Sid":"AllowManageOwnUserMFA","Effect":"Allow","Action":["iam:DeactivateMFADevice","iam:EnableMFADevice",
            "iam:ListMFADevices","iam:ResyncMFADevice"],"Resource":"arn:aws:iam::*:user/${aws:username}"},
          {"Sid":"AllowManageOwnAccessKeys","Effect":"Allow","Action":["iam:CreateAccessKey","iam:DeleteAccessKey",
            "iam:ListAccessKeys","iam:UpdateAccessKey"],"Resource":"arn:aws:iam::*:user/${aws:username}"}]}"""
        .formatted(kit.arn("logs", "log-group:/gitlab-fargate-runner/*"));
  }

  @Override
  Expectation expected() {
    return Expectation.gate(
            fail("FCA-IAM-001", role(runnerTaskRole)),
            fail("FCA-IAM-005", role(runnerTaskRole)),
            fail("FCA-IAM-006", role(runnerTaskRole)),
            fail("FCA-IAM-009", role(runnerTaskRole)),
            fail("FCA-IAM-011", role(runnerTaskRole)),
            fail("FCA-IAM-004", role(cdkTaskRole)),
            fail("FCA-IAM-005", role(cdkTaskRole)),
            fail("FCA-IAM-006", role(cdkTaskRole)),
            fail("FCA-IAM-014", role(cdkTaskRole)))
        .withAdvice(
            fail("FCA-IAM-008", role(runnerExecutionRole)),
            fail("FCA-IAM-008", role(runnerTaskRole)),
            fail("FCA-IAM-008", role(cdkExecutionRole)),
            fail("FCA-IAM-008", role(cdkTaskRole)),
            fail("FCA-IAM-010", role(runnerTaskRole)),
            fail("FCA-IAM-012", role(runnerTaskRole)),
            fail("FCA-IAM-013", role(runnerExecutionRole)),
            fail("FCA-IAM-013", role(cdkExecutionRole)))
        .andNothingElseBelowTheGate();
  }
}
