package dev.fargateciaudit.corpus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/**
 * The GitLab-Runner-on-Fargate platform most teams converge on, built as reference-setup.md says
 * it is done right: CI subnets in one or more zones behind a NAT gateway with an Elastic IP; a
 * runner manager whose role may start only the CI families in the CI cluster and pass only the CI
 * roles to ECS tasks; a job security group open to SSH from the runner only; an encrypted EFS file
 * system for build caches whose mount targets accept NFS from the jobs only; a private ECR image;
 * an execution role with {@code AmazonECSTaskExecutionRolePolicy}; trust policies limited to this
 * account. Estates set the options they differ in, {@link #build()} it, then add their task
 * definitions, services, secrets and mistakes.
 */
final class Platform {
  static final String OFFICE_VPN = "198.51.100.0/24";
  /** The runner manager's role, instance profile and (with {@code -manager}) instance and security group. */
  static final String RUNNER = "gitlab-runner";

  final EstateKit kit;
  /** The cluster's name and the prefix of the CI families ({@code NAME-*}) and roles. */
  final String name;

  // options
  private int secondOctet = 40;
  private int zones = 2;
  private boolean natPerZone;
  private boolean efsSharesJobGroup;
  private boolean nfsFromCiSubnets;
  private String passRoleCondition = "{\"StringEquals\":{\"iam:PassedToService\":\"ecs-tasks.amazonaws.com\"}}";
  private List<String> runnerBaselines = List.of();
  private List<String> runTaskOn;
  private List<String> passRoleOn;
  private boolean runnerInPrivateSubnet;

  // what build() made
  EstateKit.Network net;
  String runnerGroup;
  String jobGroup;
  String efsGroup;
  EstateKit.FileSystem fs;
  EstateKit.Repository repository;
  String imageDigest;
  String executionRole;
  String jobRole;
  String runnerRole;
  String runnerHost;
  String cluster;

  Platform(EstateKit kit, String name) {
    this.kit = kit;
    this.name = name;
  }

  Platform addressSpace(int secondOctet, int zones, boolean natPerZone) {
    this.secondOctet = secondOctet;
    this.zones = zones;
    this.natPerZone = natPerZone;
    return this;
  }

  /**
   * The mount targets use the job group (one group for both, as many teams do), which then accepts
   * NFS from itself or from the CI subnets' CIDRs.
   */
  Platform efsSharesJobGroup(boolean nfsFromCiSubnets) {
    this.efsSharesJobGroup = true;
    this.nfsFromCiSubnets = nfsFromCiSubnets;
    return this;
  }

  /** AWS managed policies on the runner host for Session Manager and the CloudWatch agent. */
  Platform runnerBaselines(String... policyArns) {
    this.runnerBaselines = List.of(policyArns);
    this.runnerInPrivateSubnet = true;
    return this;
  }

  /** The task-definition ARNs (patterns) the runner may start; default {@code task-definition/NAME-*:*}. */
  Platform runTaskOn(String... taskDefinitionArns) {
    this.runTaskOn = List.of(taskDefinitionArns);
    return this;
  }

  /** The role ARNs (patterns) the runner may pass to ECS tasks; default the execution and job roles. */
  Platform passRoleOn(String... roleArns) {
    this.passRoleOn = List.of(roleArns);
    return this;
  }

  /** The condition block of the runner's PassRole statement; default {@code StringEquals iam:PassedToService ecs-tasks}. */
  Platform passRoleCondition(String conditionJson) {
    this.passRoleCondition = conditionJson;
    return this;
  }

  String family(String suffix) {
    return name + "-" + suffix;
  }

  String image() {
    return repository.uri() + "@" + imageDigest;
  }

  String logGroup() {
    return "/ecs/" + name;
  }

  String cacheBucket() {
    return name + "-cache-" + EstateKit.ACCOUNT;
  }

  Platform build() {
    net = kit.network(name, secondOctet, zones, natPerZone);
    runnerGroup = kit.securityGroup(net.vpc(), RUNNER + "-manager", "GitLab Runner manager");
    if (!runnerInPrivateSubnet) kit.allowTcpFromCidrs(runnerGroup, 22, List.of(OFFICE_VPN), "office VPN");
    jobGroup = kit.securityGroup(net.vpc(), name + "-jobs", "Fargate CI jobs: SSH from the runner manager");
    kit.allowTcpFromGroup(jobGroup, 22, runnerGroup, "gitlab-runner fargate driver");
    if (efsSharesJobGroup) {
      efsGroup = jobGroup;
      if (nfsFromCiSubnets) {
        kit.allowTcpFromCidrs(jobGroup, 2049, net.ciCidrs(), "NFS from the CI subnets");
      } else {
        kit.allowTcpFromGroup(jobGroup, 2049, jobGroup, "NFS between jobs and the build cache");
      }
    } else {
      efsGroup = kit.securityGroup(net.vpc(), name + "-efs", "EFS mount targets for the CI build cache");
      kit.allowTcpFromGroup(efsGroup, 2049, jobGroup, "NFS from CI jobs");
    }
    fs = kit.fileSystem(name + "-builds", efsGroup, net.ciSubnets());
    repository = kit.repository(name + "/job-image", null);
    imageDigest = kit.push(repository, "2024.11.2");
    roles();
    String hostSubnet = runnerInPrivateSubnet ? net.ciSubnets().get(0) : net.publicSubnets().get(0);
    runnerHost = kit.runnerHost(RUNNER + "-manager", hostSubnet, runnerGroup, RUNNER);
    cluster = kit.cluster(name);
    return this;
  }

  private void roles() {
    String execName = name + "-task-execution";
    executionRole = kit.role(execName, kit.ecsTasksTrust());
    kit.attach(execName, EstateKit.ECS_TASK_EXECUTION_ROLE_POLICY);
    String jobName = name + "-job";
    jobRole = kit.role(jobName, kit.ecsTasksTrust());
    kit.inline(jobName, "build-cache", """
        {"Version":"2012-10-17","Statement":[
          {"Sid":"CacheObjects","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::%1$s/*"},
          {"Sid":"CacheBucket","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::%1$s"},
          {"Sid":"BuildsVolume","Effect":"Allow","Action":["elasticfilesystem:ClientMount","elasticfilesystem:ClientWrite"],
           "Resource":"%2$s","Condition":{"StringEquals":{"elasticfilesystem:AccessPointArn":"%3$s"}}}]}"""
        .formatted(cacheBucket(), fs.arn(), kit.arn("elasticfilesystem", "access-point/" + fs.accessPoint())));
    runnerRole = kit.role(RUNNER, EstateKit.ec2Trust());
    for (String p : runnerBaselines) kit.attach(RUNNER, p);
    List<String> runTask = runTaskOn != null ? runTaskOn : List.of(kit.arn("ecs", "task-definition/" + name + "-*:*"));
    List<String> passRole = passRoleOn != null ? passRoleOn : List.of(executionRole, jobRole);
    kit.customerPolicy(RUNNER, name + "-fargate-driver", """
        {"Version":"2012-10-17","Statement":[
          {"Sid":"RunCiJobs","Effect":"Allow","Action":"ecs:RunTask","Resource":%1$s,
           "Condition":{"ArnEquals":{"ecs:cluster":"%2$s"}}},
          {"Sid":"WatchAndStopCiJobs","Effect":"Allow","Action":["ecs:DescribeTasks","ecs:StopTask"],
           "Resource":"%3$s","Condition":{"ArnEquals":{"ecs:cluster":"%2$s"}}},
          {"Sid":"ReadTaskDefinitions","Effect":"Allow","Action":"ecs:DescribeTaskDefinition","Resource":"*"},
          {"Sid":"PassCiRoles","Effect":"Allow","Action":"iam:PassRole","Resource":%4$s,"Condition":%5$s}]}"""
        .formatted(json(runTask), kit.arn("ecs", "cluster/" + name), kit.arn("ecs", "task/" + name + "/*"), json(passRole),
            passRoleCondition));
  }

  /** Registers a CI job family {@code NAME-suffix} run by the job role, with the build cache mounted. */
  String jobDefinition(String suffix, ContainerDefinition... containers) {
    return kit.taskDefinition(family(suffix), executionRole, jobRole, fs, containers);
  }

  /** The job container of {@code jobDefinition}s: the platform's image, pinned by digest. */
  ContainerDefinition.Builder jobContainer(String name) {
    return kit.jobContainer(name, image(), logGroup());
  }

  /** Registers {@code NAME-build} (the job container, nothing added) and starts one job in each CI subnet; returns its ARN. */
  String buildFamilyWithJobs() {
    String build = jobDefinition("build", jobContainer("build").build());
    runJobs(build, 1);
    return build;
  }

  /**
   * A build family whose job reads the {@code token} key of {@code secret} as {@code DEPLOY_TOKEN},
   * the execution role allowed that secret only, with a job running in each zone.
   */
  String buildFamilyReading(EstateKit.CreatedSecret secret) {
    kit.inline(name + "-task-execution", "read-ci-secrets", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"%s"}]}"""
        .formatted(secret.arn()));
    String build = jobDefinition("build", jobContainer("build").secrets(EstateKit.secretEnv("DEPLOY_TOKEN", secret.arn() + ":token::")).build());
    runJobs(build, 1);
    return build;
  }

  /** A secret-policy statement letting the execution role read the secret, to put first in a policy. */
  String executionRoleReads() {
    return """
        {"Sid":"ExecutionRoleReads","Effect":"Allow","Principal":{"AWS":"%s"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}"""
        .formatted(executionRole);
  }

  /** Starts {@code perZone} jobs in each CI subnet, as the driver would over a working day. */
  List<String> runJobs(String taskDefinition, int perZone) {
    List<String> tasks = new ArrayList<>();
    for (String subnet : net.ciSubnets()) tasks.addAll(kit.runJobs(cluster, taskDefinition, subnet, jobGroup, perZone));
    return tasks;
  }

  /** The runner's driver config: jobs in the first CI subnet, with the job group, no public IP. */
  void writeRunnerConfig(Path dir, String taskDefinition) {
    ConfigFiles.fargateToml(dir, name, kit.region, net.ciSubnets().get(0), jobGroup,
        EstateKit.family(taskDefinition) + ":" + revision(taskDefinition), false);
  }

  /** Writes the runner config naming {@code taskDefinition} and the careful team's {@link #config}; returns the audit.yml. */
  Path writeConfigs(Path dir, String taskDefinition) {
    writeRunnerConfig(dir, taskDefinition);
    return config().write(dir);
  }

  /** The audit config a careful team writes for this platform: every key set. */
  ConfigFiles.AuditYml config() {
    ConfigFiles.AuditYml c = new ConfigFiles.AuditYml();
    c.clusters = List.of(name);
    c.families = List.of(name + "-*");
    c.runnerConfig = "fargate.toml";
    c.runnerRole = runnerRole;
    c.expectedEgressIps = net.egressIps();
    c.sshSources = List.of(runnerGroup);
    c.nfsSources = List.of(jobGroup);
    c.allowedRegistries = List.of(kit.registry());
    return c;
  }

  static String revision(String taskDefinitionArn) {
    return taskDefinitionArn.substring(taskDefinitionArn.lastIndexOf(':') + 1);
  }

  static String json(List<String> values) {
    return "[" + String.join(",", values.stream().map(v -> "\"" + v + "\"").toList()) + "]";
  }
}
