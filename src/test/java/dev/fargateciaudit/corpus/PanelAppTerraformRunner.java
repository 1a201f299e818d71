package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.EstateKit.env;
import static dev.fargateciaudit.corpus.EstateKit.secretEnv;
import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.role;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Wrong. The GitLab runner of {@code bioinfomethods/panelapp-infra} ({@code terraform/infra/gitlab_runners.tf},
 * {@code terraform/infra/vpc.tf}, {@code terraform/modules/gitlab-runners/{main,security,terraform}.tf} and
 * {@code gitlab_runner.tpl}, {@code terraform/terraform-example.tfvars}), with {@code create_runner_terraform} on:
 * a team's runner for its Terraform pipelines, built as its {@code terraform apply} leaves it.
 *
 * <ul>
 *   <li>The runner is an ECS service ({@code terraform}, one task, Fargate) in the cluster
 *       {@code gitlab-runners}; its jobs run in that task (the shell executor), so the runner's
 *       task is the CI task. It runs in the VPC module's private subnets (two zones, one NAT
 *       gateway: {@code single_nat_gateway}) with no public IP, in the group
 *       {@code gitlab-runner-fargate}: no inbound rule, egress tcp/443 anywhere and tcp/80 to the
 *       task metadata endpoint only (Terraform removes AWS's default egress rule).
 *   <li>Its image is {@code gitlab-runner:0.11.13} in the ECR registry of the {@code master_account}
 *       (the tfvars: "AWS Account ID for ECR (may be the same as the previous one or different)"):
 *       here another account of the organisation, which the team lists in
 *       {@code images.allowedRegistries}. The registration token and two Cloudflare credentials
 *       come from Parameter Store by ARN ({@code /panelapp/ENV/...}, SecureString).
 *   <li>One role, {@code ecs-task-gitlab-runner-tf}, is both the task and the execution role,
 *       trusted by {@code ecs-tasks.amazonaws.com} with no condition: AWS's execution-role policy
 *       plus an inline policy for deploying the stack with Terraform (read the state bucket,
 *       {@code ec2:*}, {@code ecs:*}, {@code s3:*}, {@code ssm:*} and a dozen other services on
 *       {@code *}; IAM role and policy management on {@code *}, {@code iam:PassRole} included;
 *       {@code secretsmanager:GetSecretValue} on {@code *}; {@code kms:*} on the site key, which
 *       the stack passes as {@code "*"} with a FIXME; {@code sts:AssumeRole} of a role of the
 *       master account).
 * </ul>
 *
 * <p>Left out: the log group, the VPC module's exact CIDRs ({@code 172.16.5.0/26} cut in /28s:
 * the kit's layout, with the module's shape of public and private subnets, one NAT gateway and
 * its Elastic IP), the master account's repository (moto serves one account: the image names
 * its registry, as the task definition does), the site KMS key. The audit config names the
 * cluster and the family, the NAT gateway's address, and the master account's registry; no
 * {@code fargate.toml} (the runner is not the Fargate driver) and no runner role (the runner starts
 * no tasks: its jobs run where it runs).
 *
 * <p>What a correct tool fails at the gate, on the one CI role, as reference-setup.md's check 5
 * says: sensitive actions on every resource (FCA-IAM-005: {@code secretsmanager:GetSecretValue},
 * {@code iam:PassRole}, {@code ssm:*}, {@code s3:*}, {@code kms:*}) and privilege escalation
 * (FCA-IAM-006: {@code iam:PutRolePolicy}, {@code iam:AttachRolePolicy}, {@code iam:CreatePolicy}
 * and PassRole with {@code ecs:*} on {@code *}). Below it, exactly: the service-wide wildcards of
 * its own policy (FCA-IAM-003) and the trust without a source condition (FCA-IAM-008). Not
 * FCA-IAM-013: AWS documents its execution-role policy for execution roles, and this role is the
 * task role too, so the policy's actions are judged as any task role's: within FCA-IAM-005, and its
 * {@code ecr:BatchGetImage} and {@code ecr:GetDownloadUrlForLayer} on every repository let every job
 * pull every private image of the account (FCA-IAM-014, at the gate).
 * Nothing else: the image is private ECR of an account the team lists as its own registry, pinned
 * by tag (FCA-IMAGES-001 failed it at high while only this account's ECR counted as private); the
 * environment holds names, tags and a URL, no secret; the parameters exist; the group takes
 * nothing inbound; the subnets egress through the one NAT gateway.
 */
final class PanelAppTerraformRunner extends CorpusEstate {
  static final String ENV = "prod";
  static final String MASTER_ACCOUNT = "210987654321";

  private String role;

  PanelAppTerraformRunner() {
    super("bad-panelapp-terraform-runner");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    EstateKit.Network net = kit.network("panelapp-" + ENV, 5, 2, false);
    String cluster = kit.cluster("gitlab-runners");
    String group = kit.securityGroup(net.vpc(), "gitlab-runner-fargate", "default group for gitlab runners");
    kit.aws.ec2.revokeSecurityGroupEgress(r -> r.groupId(group).ipPermissions(IpPermission.builder().ipProtocol("-1")
        .ipRanges(i -> i.cidrIp("0.0.0.0/0")).build()));
    kit.aws.ec2.authorizeSecurityGroupEgress(r -> r.groupId(group).ipPermissions(
        IpPermission.builder().ipProtocol("tcp").fromPort(443).toPort(443).ipRanges(i -> i.cidrIp("0.0.0.0/0")).build(),
        IpPermission.builder().ipProtocol("tcp").fromPort(80).toPort(80).ipRanges(i -> i.cidrIp("169.254.170.2/32")).build()));

    String prefix = "/panelapp/" + ENV + "/";
    String token = kit.parameter(prefix + "REGISTRATION_TOKEN", ParameterType.SECURE_STRING, null, "not-read-by-the-tool");
    String email = kit.parameter(prefix + "cloudflare/CLOUDFLARE_EMAIL", ParameterType.SECURE_STRING, null, "ops@example.org");
    String cloudflare = kit.parameter(prefix + "cloudflare/CLOUDFLARE_TOKEN", ParameterType.SECURE_STRING, null, "not-read-by-the-tool");

    String name = "ecs-task-gitlab-runner-tf";
    role = kit.role(name, EstateKit.ecsTasksTrustNoCondition());
    kit.inline(name, "gitlab-runner-tf", terraformDeployPolicy());
    kit.attach(name, EstateKit.ECS_TASK_EXECUTION_ROLE_POLICY);

    String registry = MASTER_ACCOUNT + ".dkr.ecr." + kit.region + ".amazonaws.com";
    String runner = kit.aws.ecs.registerTaskDefinition(r -> r.family("gitlab-runner-terraform").taskRoleArn(role)
        .executionRoleArn(role).networkMode(NetworkMode.AWSVPC).requiresCompatibilities(Compatibility.FARGATE)
        .cpu("256").memory("512").containerDefinitions(ContainerDefinition.builder()
            .name("terraform").image(registry + "/gitlab-runner:0.11.13").cpu(256).memory(512)
            .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of("awslogs-group", "gitlab-runners",
                "awslogs-stream-prefix", "terraform", "awslogs-region", kit.region)))
            .environment(env("RUNNER_NAME", "terraform"), env("RUNNER_TAG_LIST", "terraform,TF_panelapp_" + ENV),
                env("RUNNER_EXECUTOR", "shell"), env("RUNNER_REQUEST_CONCURRENCY", "2"), env("CI_SERVER_URL", "https://gitlab.com"))
            .secrets(secretEnv("REGISTRATION_TOKEN", token), secretEnv("CLOUDFLARE_EMAIL", email),
                secretEnv("CLOUDFLARE_TOKEN", cloudflare))
            .build()))
        .taskDefinition().taskDefinitionArn();
    String service = "terraform";
    kit.aws.ecs.createService(r -> r.cluster(cluster).serviceName(service).taskDefinition(runner).desiredCount(1)
        .launchType("FARGATE").networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(net.ciSubnets())
            .securityGroups(group).assignPublicIp(AssignPublicIp.DISABLED))));
    kit.serviceTask(cluster, service, runner, net.ciSubnets().get(0), group);

    return new ConfigFiles.AuditYml().clusters("gitlab-runners").families("gitlab-runner-terraform")
        .expectedEgressIps(net.egressIps()).allowedRegistries(registry).write(dir);
  }

  /** The module's {@code gitlab-runner-tf} policy, with the stack's {@code site_kms_key = "*"}. */
  private static String terraformDeployPolicy() {
    List<String> deploy = List.of("s3:GetObject", "s3:ListBucket", "s3:ListBucketVersions", "s3:GetObjectVersion",
        "dynamodb:*", "rds:*", "cloudfront:*", "ec2:*", "route53:*", "lambda:*", "logs:*", "events:*", "sns:*", "sqs:*",
        "acm:*", "elasticloadbalancing:*", "autoscaling:*", "acm:ListCertificates", "iam:GetUser", "iam:GetInstanceProfile",
        "iam:GetRolePolicy", "iam:AddRoleToInstanceProfile", "iam:CreateInstanceProfile", "iam:DeleteInstanceProfile",
        "iam:GetPolicy", "iam:ListAccessKeys", "iam:GetUserPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions",
        "iam:CreatePolicy", "iam:DeletePolicy", "iam:GetRole", "iam:CreateRole", "iam:DeleteRole", "iam:DeleteRolePolicy",
        "iam:PassRole", "iam:PutRolePolicy", "iam:RemoveRoleFromInstanceProfile", "iam:ListInstanceProfilesForRole",
        "iam:ListAttachedRolePolicies", "iam:AttachRolePolicy", "iam:DetachRolePolicy", "ssm:*", "s3:*",
        "elasticmapreduce:*", "ecs:*");
    List<String> codebuild = List.of("codebuild:ListProjects", "codebuild:BatchGetProjects", "codebuild:ListProjects",
        "codebuild:BatchGetBuilds", "codebuild:ListBuildsForProject", "codebuild:ListBuilds", "codebuild:StartBuild",
        "codebuild:StopBuild");
    return """
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":%s,"Resource":"*"},
          {"Effect":"Allow","Resource":"*","Action":%s},
          {"Effect":"Allow","Action":"iam:*","Resource":"arn:aws:iam::*:role/aws-service-role/*"},
          {"Effect":"Allow","Resource":"*","Action":["secretsmanager:ListSecrets","secretsmanager:DescribeSecret",
            "secretsmanager:GetSecretValue","secretsmanager:GetRandomPassword"]},
          {"Effect":"Allow","Action":["kms:*"],"Resource":["*"]},
          {"Effect":"Allow","Resource":["arn:aws:iam::%s:role/cross-account-analytics-kms"],"Action":"sts:AssumeRole"}]}"""
        .formatted(Platform.json(deploy), Platform.json(codebuild), MASTER_ACCOUNT);
  }

  @Override
  Expectation expected() {
    return Expectation.gate(
            fail("FCA-IAM-005", role(role)),
            fail("FCA-IAM-006", role(role)),
            fail("FCA-IAM-014", role(role)))
        .withAdvice(
            fail("FCA-IAM-003", role(role)),
            fail("FCA-IAM-008", role(role)))
        .andNothingElseBelowTheGate();
  }
}
