package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.EstateKit.env;
import static dev.fargateciaudit.corpus.EstateKit.secretEnv;
import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.container;
import static dev.fargateciaudit.corpus.Resource.repository;
import static dev.fargateciaudit.corpus.Resource.role;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;

/**
 * Correct. The Terraform module {@code rstuhlmuller/terraform-aws-ecs-github-runners} (1.1.2:
 * {@code main.tf}, {@code variables.tf}) called as its README does: CI runners that are Fargate
 * services, one per entry of {@code runners} ({@code runner_1}, {@code runner_2}), each running its
 * jobs in its own task. Not GitLab's runner, but the same CI estate: long-lived runner tasks that
 * run the jobs, as {@code bad-panelapp-terraform-runner}'s are.
 *
 * <ul>
 *   <li>Cluster {@code Self-Hosted-Github-Runners} (Container Insights on); a service per runner, one
 *       task each ({@code scale_target_min_capacity}), in the subnets and groups the team passes,
 *       {@code assign_public_ip = false}. The team passes the private subnets of its VPC (the
 *       kit's layout: two zones behind one NAT gateway with an Elastic IP) and a group of its own
 *       with no inbound rule.
 *   <li>Task definitions {@code Self-Hosted-Github-Runners_runner_1} and {@code _runner_2} (Fargate,
 *       1 vCPU, 3 GB): container named as the runner, image {@code docker-runner-image:latest} from
 *       the module's ECR repository (mutable tags, scan on push), port 8080/tcp mapped, the GitHub
 *       token from the module's secret {@code github-token} by ARN, logs to
 *       {@code /ecs/aws-ecs-github-runners}.
 *   <li>One execution role, {@code aws-ecs-github-runner-task-execution-role}, trusted by
 *       {@code ecs-tasks.amazonaws.com} with no condition, with an inline policy: GetSecretValue on
 *       that secret's ARN, ECR image reads and the authorisation token on {@code *}, log writing
 *       on {@code arn:aws:logs:*:*:*}. No task role.
 * </ul>
 *
 * <p>Left out: the Auto Scaling targets, policies and CloudWatch alarms (the tool reads none),
 * the image build ({@code null_resource}: an image is pushed as {@code latest}). No runner role: no
 * manager starts the jobs, they run where the runner runs; no {@code fargate.toml}.
 *
 * <p>A correct tool passes it at the gate: no public IP, egress through the one expected address, no
 * inbound rule, a private image of this account, a secret that exists and is read by ARN alone,
 * no sensitive action on every resource (ECR reads and log writing are not). Below the gate,
 * exactly: the trust without a source condition (FCA-IAM-008), the {@code latest} tag on both
 * containers (FCA-IMAGES-004), the repository's mutable tags (FCA-IMAGES-006), and port 8080
 * mapped on both containers, which no CI job needs (FCA-PORTS-008).
 */
final class EcsGithubRunnersModule extends CorpusEstate {
  static final String CLUSTER = "Self-Hosted-Github-Runners";

  private String executionRole;
  private EstateKit.Repository images;
  private final List<String> families = new ArrayList<>();

  EcsGithubRunnersModule() {
    super("ok-ecs-github-runners-module");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    EstateKit.Network net = kit.network("ci-runners", 70, 2, false);
    String group = kit.securityGroup(net.vpc(), "github-runners", "GitHub runners: egress only");

    images = kit.repositoryAsCreated(r -> r.repositoryName("docker-runner-image").imageTagMutability(ImageTagMutability.MUTABLE)
        .imageScanningConfiguration(s -> s.scanOnPush(true)));
    kit.push(images, "latest");
    EstateKit.CreatedSecret token = kit.secret("github-token", "not-read-by-the-tool");

    String execName = "aws-ecs-github-runner-task-execution-role";
    executionRole = kit.role(execName, EstateKit.ecsTasksTrustNoCondition());
    kit.inline(execName, "aws-ecs-github-runners-role", """
        {"Version":"2012-10-17","Statement":[
          {"Sid":"SecretsManager","Effect":"Allow","Action":["secretsmanager:GetSecretValue"],"Resource":"%s"},
          {"Sid":"ECR","Effect":"Allow","Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer","ecr:GetAuthorizationToken"],
           "Resource":"*"},
          {"Sid":"CloudWatchLogs","Effect":"Allow","Action":["logs:CreateLogGroup","logs:DeleteLogGroup","logs:CreateLogStream",
           "logs:DeleteLogStream","logs:PutLogEvents","logs:DescribeLogStreams"],"Resource":"arn:aws:logs:*:*:*"}]}"""
        .formatted(token.arn()));

    String cluster = kit.cluster(CLUSTER);
    for (String runner : List.of("runner_1", "runner_2")) {
      String family = kit.aws.ecs.registerTaskDefinition(r -> r.family(CLUSTER + "_" + runner)
          .requiresCompatibilities(Compatibility.FARGATE).networkMode(NetworkMode.AWSVPC).cpu("1024").memory("3072")
          .executionRoleArn(executionRole).containerDefinitions(ContainerDefinition.builder().name(runner)
              .image(images.uri() + ":latest").essential(true).memoryReservation(512)
              .portMappings(p -> p.name(runner + "-8080-tcp").containerPort(8080).hostPort(8080).protocol("tcp").appProtocol("http"))
              .environment(env("RUNNER_PREFIX", "aws-ecs-github-runner"), env("GH_OWNER", "My_Org"),
                  env("LABELS", runner.equals("runner_1") ? "aws,ecs,private" : "aws,ecs"), env("RUNNER_GROUP", "Default"))
              .secrets(secretEnv("GH_TOKEN", token.arn()))
              .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of("awslogs-create-group", "true",
                  "awslogs-group", "/ecs/aws-ecs-github-runners", "awslogs-region", kit.region, "awslogs-stream-prefix", "ecs")))
              .build()))
          .taskDefinition().taskDefinitionArn();
      families.add(family);
      kit.service(cluster, runner, family, 1, net.ciSubnets(), group, AssignPublicIp.DISABLED);
      kit.serviceTask(cluster, runner, family, net.ciSubnets().get(families.size() - 1), group);
    }

    return new ConfigFiles.AuditYml().clusters(CLUSTER).families(CLUSTER + "_*").expectedEgressIps(net.egressIps())
        .allowedRegistries(kit.registry()).write(dir);
  }

  @Override
  Expectation expected() {
    return Expectation.passesTheGate()
        .withAdvice(
            fail("FCA-IAM-008", role(executionRole)),
            fail("FCA-IMAGES-004", container(families.get(0), "runner_1")),
            fail("FCA-IMAGES-004", container(families.get(1), "runner_2")),
            fail("FCA-IMAGES-006", repository(images.arn())),
            fail("FCA-PORTS-008", container(families.get(0), "runner_1")),
            fail("FCA-PORTS-008", container(families.get(1), "runner_2")))
        .andNothingElseBelowTheGate();
  }
}
