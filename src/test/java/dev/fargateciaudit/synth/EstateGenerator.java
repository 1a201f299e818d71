package dev.fargateciaudit.synth;

import dev.fargateciaudit.inventory.AttachedPolicy;
import dev.fargateciaudit.inventory.AwsVpcConfiguration;
import dev.fargateciaudit.inventory.ContainerDefinition;
import dev.fargateciaudit.inventory.Ec2Instance;
import dev.fargateciaudit.inventory.EcrRepository;
import dev.fargateciaudit.inventory.EcsCluster;
import dev.fargateciaudit.inventory.EcsService;
import dev.fargateciaudit.inventory.EcsTask;
import dev.fargateciaudit.inventory.EfsAccessPoint;
import dev.fargateciaudit.inventory.EfsFileSystem;
import dev.fargateciaudit.inventory.EfsMountTarget;
import dev.fargateciaudit.inventory.EfsVolumeConfiguration;
import dev.fargateciaudit.inventory.EgressOnlyInternetGateway;
import dev.fargateciaudit.inventory.ElasticIp;
import dev.fargateciaudit.inventory.EnvironmentVariable;
import dev.fargateciaudit.inventory.IamInstanceProfile;
import dev.fargateciaudit.inventory.IamRole;
import dev.fargateciaudit.inventory.InlinePolicy;
import dev.fargateciaudit.inventory.InternetGateway;
import dev.fargateciaudit.inventory.InventoryMeta;
import dev.fargateciaudit.inventory.MountPoint;
import dev.fargateciaudit.inventory.NatGateway;
import dev.fargateciaudit.inventory.NatGatewayAddress;
import dev.fargateciaudit.inventory.NetworkInterface;
import dev.fargateciaudit.inventory.PortMapping;
import dev.fargateciaudit.inventory.Route;
import dev.fargateciaudit.inventory.RouteTable;
import dev.fargateciaudit.inventory.RunnerConfig;
import dev.fargateciaudit.inventory.SecretMetadata;
import dev.fargateciaudit.inventory.SecretReference;
import dev.fargateciaudit.inventory.SecurityGroup;
import dev.fargateciaudit.inventory.SecurityGroupRule;
import dev.fargateciaudit.inventory.Subnet;
import dev.fargateciaudit.inventory.TaskDefinition;
import dev.fargateciaudit.inventory.TaskEniAttachment;
import dev.fargateciaudit.inventory.TaskVolume;
import dev.fargateciaudit.inventory.Vpc;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Generates the records of a synthetic CI estate, one section at a time, each record handed to a
 * consumer as soon as it is made: nothing is kept, so an estate of any size streams in constant
 * memory. Every choice is a pure function of the seed and the record's index (see {@link Dice}),
 * and references between records are computed from indexes, never looked up.
 *
 * <p>About {@link #FAILING_PERCENT}% of the items of each area carry one of the blog's mistakes
 * (public IPs, IGW default routes, {@code 0.0.0.0/0} on 22, {@code :latest} images,
 * {@code *FullAccess} policies, sensitive actions on {@code Resource: "*"}, ...).
 */
final class EstateGenerator {
  static final int FAILING_PERCENT = 10;
  /** Fixed, so that the same seed gives the same bytes. */
  static final Instant COLLECTED_AT = Instant.parse("2026-01-01T00:00:00Z");

  private static final int S_VPC = 1, S_SUBNET = 2, S_RTB = 3, S_IGW = 4, S_EIGW = 5, S_NAT = 6, S_EIP = 7,
      S_SG = 8, S_ENI = 9, S_INSTANCE = 10, S_TASK = 11, S_FS = 12, S_MT = 13, S_AP = 14, S_SECRET = 15,
      S_ROLE = 16, S_TASKDEF = 17, S_SERVICE = 18, S_ECR = 19, S_IMAGE = 20, S_ASSOC = 21;
  private static final int F_SUBNET = 101, F_SG = 102, F_TASKDEF = 103, F_SERVICE = 104, F_TASK = 105,
      F_ROLE = 106, F_FS = 107, F_SECRET = 108, F_ECR = 109, F_EFS_SG = 110;

  private final SynthSpec spec;
  private final Dice dice;
  private final Names names;
  private final String toolVersion;

  EstateGenerator(SynthSpec spec, String toolVersion) {
    this.spec = spec;
    this.dice = new Dice(spec.seed());
    this.names = new Names(dice);
    this.toolVersion = toolVersion;
  }

  InventoryMeta meta() {
    return new InventoryMeta(Names.ACCOUNT, "aws", List.of(Names.REGION), COLLECTED_AT, "synthetic",
        toolVersion, Map.of(), 0);
  }

  // ---- network ------------------------------------------------------------------------------

  private String vpcId(int v) { return names.id("vpc", S_VPC, v); }
  private String vpcCidr(int v) { return "10." + (v % 256) + ".0.0/16"; }
  private int subnetIndex(int v, int k) { return v * spec.subnetsPerVpc() + k; }
  private String subnetId(int j) { return names.id("subnet", S_SUBNET, j); }
  private String igwId(int v) { return names.id("igw", S_IGW, v); }
  private String eigwId(int v) { return names.id("eigw", S_EIGW, v); }
  private String natId(int n) { return names.id("nat", S_NAT, n); }
  private String eipAllocation(int n) { return names.id("eipalloc", S_EIP, n); }
  private String eipAddress(int n) { return "198.51." + (100 + n / 250 % 100) + "." + (n % 250 + 1); }
  private String sgId(int g) { return names.id("sg", S_SG, g); }
  private int runnerSg(int v) { return v * spec.securityGroupsPerVpc(); }
  private int efsSg(int v) { return v * spec.securityGroupsPerVpc() + 1; }
  private int taskSg(int v, int m) { return v * spec.securityGroupsPerVpc() + 2 + m % spec.taskSecurityGroupsPerVpc(); }
  /** The k-th private subnet (index within its VPC) for a counter. */
  private int privateK(long counter) {
    int privates = spec.subnetsPerVpc() - SynthSpec.PUBLIC_SUBNETS_PER_VPC;
    return SynthSpec.PUBLIC_SUBNETS_PER_VPC + (int) (counter % privates);
  }
  private String natEniId(int n) { return names.id("eni", S_ENI, 10_000_000L + n); }
  private String taskEniId(long t) { return names.id("eni", S_ENI, t); }
  private String mountTargetEniId(int m) { return names.id("eni", S_ENI, 20_000_000L + m); }
  private String runnerEniId(int v) { return names.id("eni", S_ENI, 30_000_000L + v); }

  void vpcs(Consumer<Vpc> out) {
    for (int v = 0; v < spec.vpcs(); v++) {
      out.accept(new Vpc(vpcId(v), Names.REGION, vpcCidr(v), List.of(), false,
          Map.of("Name", "ci-vpc-" + Names.pad(v, 3))));
    }
  }

  void subnets(Consumer<Subnet> out) {
    for (int j = 0; j < spec.subnets(); j++) {
      int v = j / spec.subnetsPerVpc();
      int k = j % spec.subnetsPerVpc();
      boolean publicSubnet = k < SynthSpec.PUBLIC_SUBNETS_PER_VPC;
      boolean autoAssign = publicSubnet || subnetMistake(j) == 2;
      String id = subnetId(j);
      out.accept(new Subnet(id, Names.arn("ec2", "subnet/" + id), Names.REGION, vpcId(v), Names.AZS[k % 3],
          "10." + (v % 256) + "." + (k % 256) + ".0/24", List.of(), autoAssign, false,
          Map.of("Name", (publicSubnet ? "public-" : "ci-private-") + Names.pad(j, 6))));
    }
  }

  /** -1 for a compliant private subnet, else which mistake it carries. */
  private int subnetMistake(int j) {
    int k = j % spec.subnetsPerVpc();
    if (k < SynthSpec.PUBLIC_SUBNETS_PER_VPC || !dice.percent(F_SUBNET, j, FAILING_PERCENT)) return -1;
    return dice.pick(F_SUBNET, j, 4);
  }

  void routeTables(Consumer<RouteTable> out) {
    for (int v = 0; v < spec.vpcs(); v++) {
      out.accept(new RouteTable(names.id("rtb", S_RTB, 1_000_000L + v), Names.REGION, vpcId(v), true, List.of(),
          List.of(local(v))));
    }
    for (int j = 0; j < spec.subnets(); j++) {
      int v = j / spec.subnetsPerVpc();
      int k = j % spec.subnetsPerVpc();
      List<Route> routes = new ArrayList<>(3);
      routes.add(local(v));
      if (k < SynthSpec.PUBLIC_SUBNETS_PER_VPC) {
        routes.add(new Route("0.0.0.0/0", null, null, "igw", igwId(v), "active"));
      } else {
        int mistake = subnetMistake(j);
        String nat = natId(v * SynthSpec.PUBLIC_SUBNETS_PER_VPC + k % SynthSpec.PUBLIC_SUBNETS_PER_VPC);
        switch (mistake) {
          case 0 -> routes.add(new Route("0.0.0.0/0", null, null, "igw", igwId(v), "active"));
          case 1 -> {
            routes.add(new Route("0.0.0.0/0", null, null, "nat", nat, "active"));
            routes.add(new Route(null, "::/0", null, "eigw", eigwId(v), "active"));
          }
          case 3 -> routes.add(new Route("0.0.0.0/0", null, null, "nat", nat, "blackhole"));
          default -> routes.add(new Route("0.0.0.0/0", null, null, "nat", nat, "active"));
        }
      }
      out.accept(new RouteTable(names.id("rtb", S_RTB, j), Names.REGION, vpcId(v), false, List.of(subnetId(j)),
          routes));
    }
  }

  private Route local(int v) {
    return new Route(vpcCidr(v), null, null, "local", "local", "active");
  }

  void internetGateways(Consumer<InternetGateway> out) {
    for (int v = 0; v < spec.vpcs(); v++) out.accept(new InternetGateway(igwId(v), Names.REGION, List.of(vpcId(v))));
  }

  void egressOnlyInternetGateways(Consumer<EgressOnlyInternetGateway> out) {
    for (int v = 0; v < spec.vpcs(); v++) {
      out.accept(new EgressOnlyInternetGateway(eigwId(v), Names.REGION, List.of(vpcId(v))));
    }
  }

  void natGateways(Consumer<NatGateway> out) {
    for (int n = 0; n < spec.natGateways(); n++) {
      int v = n / SynthSpec.PUBLIC_SUBNETS_PER_VPC;
      int k = n % SynthSpec.PUBLIC_SUBNETS_PER_VPC;
      out.accept(new NatGateway(natId(n), Names.REGION, vpcId(v), subnetId(subnetIndex(v, k)), "available", "public",
          List.of(new NatGatewayAddress(eipAllocation(n), eipAddress(n), natPrivateIp(v, k), natEniId(n)))));
    }
  }

  private static String natPrivateIp(int v, int k) {
    return "10." + (v % 256) + "." + k + ".10";
  }

  void elasticIps(Consumer<ElasticIp> out) {
    for (int n = 0; n < spec.natGateways(); n++) {
      out.accept(new ElasticIp(eipAllocation(n), Names.REGION, eipAddress(n), names.id("eipassoc", S_ASSOC, n),
          natEniId(n), null));
    }
  }

  void securityGroups(Consumer<SecurityGroup> out) {
    for (int v = 0; v < spec.vpcs(); v++) {
      out.accept(new SecurityGroup(sgId(runnerSg(v)), Names.REGION, vpcId(v), "gitlab-runner-" + Names.pad(v, 3),
          "GitLab Runner host", List.of(tcp(443, "cidr4", "10.0.0.0/8", "GitLab webhooks")), allEgress(),
          Map.of("role", "runner")));
      out.accept(efsSecurityGroup(v));
      for (int m = 0; m < spec.taskSecurityGroupsPerVpc(); m++) out.accept(taskSecurityGroup(v, m));
    }
  }

  private SecurityGroup efsSecurityGroup(int v) {
    int g = efsSg(v);
    List<SecurityGroupRule> in = new ArrayList<>(10);
    for (int k = 0; k < 10; k++) {
      in.add(tcp(2049, "cidr4", "10." + (v % 256) + "." + privateK(k) + ".0/24", "NFS from CI subnet"));
    }
    if (dice.percent(F_EFS_SG, g, FAILING_PERCENT)) in.set(9, tcp(2049, "cidr4", "0.0.0.0/0", "NFS from anywhere"));
    return new SecurityGroup(sgId(g), Names.REGION, vpcId(v), "ci-efs-" + Names.pad(v, 3),
        "EFS mount targets", in, List.of(), Map.of("role", "efs"));
  }

  private SecurityGroup taskSecurityGroup(int v, int m) {
    int g = taskSg(v, m);
    List<SecurityGroupRule> in = new ArrayList<>(8);
    in.add(new SecurityGroupRule("tcp", 22, 22, "sg", sgId(runnerSg(v)), "SSH from the runner"));
    for (int r = 0; r < 7; r++) {
      in.add(tcp(22, "cidr4", "10." + (v % 256) + ".0." + (10 + r) + "/32", "SSH from runner host " + r));
    }
    if (dice.percent(F_SG, g, FAILING_PERCENT)) {
      in.set(7, switch (dice.pick(F_SG, g, 5)) {
        case 0 -> tcp(22, "cidr4", "0.0.0.0/0", "SSH from anywhere");
        case 1 -> tcp(22, "cidr6", "::/0", "SSH from anywhere (IPv6)");
        case 2 -> new SecurityGroupRule("-1", null, null, "cidr4", "10.0.0.0/8", "everything from the VPCs");
        case 3 -> new SecurityGroupRule("tcp", 0, 65535, "cidr4", vpcCidr(v), "all TCP from the VPC");
        default -> tcp(2049, "cidr4", "0.0.0.0/0", "NFS on the task");
      });
    }
    List<SecurityGroupRule> egress = List.of(
        new SecurityGroupRule("-1", null, null, "cidr4", "0.0.0.0/0", "all egress"),
        new SecurityGroupRule("tcp", 2049, 2049, "sg", sgId(efsSg(v)), "NFS to EFS"));
    return new SecurityGroup(sgId(g), Names.REGION, vpcId(v), "ci-tasks-" + Names.pad(g, 6), "CI job tasks", in,
        egress, Map.of("role", "ci-task"));
  }

  private static SecurityGroupRule tcp(int port, String kind, String source, String description) {
    return new SecurityGroupRule("tcp", port, port, kind, source, description);
  }

  private static List<SecurityGroupRule> allEgress() {
    return List.of(new SecurityGroupRule("-1", null, null, "cidr4", "0.0.0.0/0", "all egress"));
  }

  void networkInterfaces(Consumer<NetworkInterface> out) {
    for (int n = 0; n < spec.natGateways(); n++) {
      int v = n / SynthSpec.PUBLIC_SUBNETS_PER_VPC;
      int k = n % SynthSpec.PUBLIC_SUBNETS_PER_VPC;
      out.accept(new NetworkInterface(natEniId(n), Names.REGION, vpcId(v), subnetId(subnetIndex(v, k)),
          natPrivateIp(v, k), eipAddress(n), List.of(), List.of(), "nat_gateway",
          "Interface for NAT Gateway " + natId(n), null, "in-use"));
    }
    for (int v = 0; v < spec.vpcs(); v++) {
      out.accept(new NetworkInterface(runnerEniId(v), Names.REGION, vpcId(v), subnetId(subnetIndex(v, privateK(0))),
          runnerIp(v), null, List.of(), List.of(sgId(runnerSg(v))), "interface", "", runnerInstanceId(v), "in-use"));
    }
    for (int m = 0; m < 2 * spec.efsFileSystems(); m++) {
      int v = m / 2;
      out.accept(new NetworkInterface(mountTargetEniId(m), Names.REGION, vpcId(v), mountTargetSubnet(m),
          mountTargetIp(m), null, List.of(), List.of(sgId(efsSg(v))), "efs", "EFS mount target for " + fsId(v),
          null, "in-use"));
    }
    for (long t = 0; t < spec.tasks(); t++) {
      int s = serviceOfTask(t);
      int v = vpcOfService(s);
      int j = subnetIndex(v, taskSubnetK(s, t));
      out.accept(new NetworkInterface(taskEniId(t), Names.REGION, vpcId(v), subnetId(j), taskIp(v, j, t),
          taskHasPublicIp(s, t) ? taskPublicIp(t) : null, List.of(), List.of(sgId(serviceSg(s))), "interface",
          "arn:aws:ecs:" + Names.REGION + ":" + Names.ACCOUNT + ":attachment/" + names.hex(S_ENI + 100, t, 32),
          null, "in-use"));
    }
  }

  private static String runnerIp(int v) { return "10." + (v % 256) + ".0.10"; }
  private static String taskIp(int v, int j, long t) {
    return "10." + (v % 256) + "." + (j % 256) + "." + (t / 1000 % 250 + 4);
  }
  private static String taskPublicIp(long t) { return "203.0." + (113 + t / 250 % 10) + "." + (t % 250 + 1); }

  // ---- compute ------------------------------------------------------------------------------

  private String runnerInstanceId(int v) { return names.id("i", S_INSTANCE, v); }
  private String profileArn(int v) { return Names.iamArn("instance-profile/gitlab-runner-" + Names.pad(v, 3)); }
  private String clusterName(int c) { return "gitlab-ci-" + Names.pad(c, 3); }
  private String clusterArn(int c) { return Names.arn("ecs", "cluster/" + clusterName(c)); }
  private String family(int i) { return "gitlab-ci-job-" + Names.pad(i / SynthSpec.REVISIONS_PER_FAMILY, 6); }
  private int revision(int i) { return i % SynthSpec.REVISIONS_PER_FAMILY + 1; }
  private String taskDefinitionArn(int i) {
    return Names.arn("ecs", "task-definition/" + family(i) + ":" + revision(i));
  }
  private String serviceName(int s) { return "ci-svc-" + Names.pad(s, 6); }
  private int vpcOfService(int s) { return s % spec.vpcs(); }
  private int serviceSg(int s) { return taskSg(vpcOfService(s), s / spec.vpcs()); }
  private int taskDefinitionOfService(int s) { return (2 * s + 1) % spec.taskDefinitions(); }
  private int serviceOfTask(long t) { return (int) (t % spec.services()); }
  private int taskSubnetK(int s, long t) { return privateK(s / spec.vpcs() + t / spec.services() % 2); }

  void instances(Consumer<Ec2Instance> out) {
    for (int v = 0; v < spec.vpcs(); v++) {
      out.accept(new Ec2Instance(runnerInstanceId(v), Names.REGION, vpcId(v), subnetId(subnetIndex(v, privateK(0))),
          runnerIp(v), null, List.of(sgId(runnerSg(v))), profileArn(v), "running",
          Map.of("Name", "gitlab-runner-" + Names.pad(v, 3))));
    }
  }

  void ecsClusters(Consumer<EcsCluster> out) {
    for (int c = 0; c < spec.clusters(); c++) {
      out.accept(new EcsCluster(clusterArn(c), clusterName(c), Names.REGION, "ACTIVE"));
    }
  }

  /** -1 for a compliant service, else which mistake it carries. */
  private int serviceMistake(int s) {
    return dice.percent(F_SERVICE, s, FAILING_PERCENT) ? dice.pick(F_SERVICE, s, 2) : -1;
  }

  private boolean taskHasPublicIp(int s, long t) {
    return serviceMistake(s) == 0 || dice.percent(F_TASK, t, 5);
  }

  void ecsServices(Consumer<EcsService> out) {
    for (int s = 0; s < spec.services(); s++) {
      int v = vpcOfService(s);
      int mistake = serviceMistake(s);
      List<String> subnets = mistake == 1
          ? List.of(subnetId(subnetIndex(v, 0)), subnetId(subnetIndex(v, taskSubnetK(s, 0))))
          : List.of(subnetId(subnetIndex(v, taskSubnetK(s, 0))), subnetId(subnetIndex(v, taskSubnetK(s, 1))));
      out.accept(new EcsService(Names.arn("ecs", "service/" + clusterName(s % spec.clusters()) + "/" + serviceName(s)),
          serviceName(s), Names.REGION, clusterArn(s % spec.clusters()), "FARGATE", "1.4.0",
          taskDefinitionArn(taskDefinitionOfService(s)), 4,
          new AwsVpcConfiguration(subnets, List.of(sgId(serviceSg(s))), mistake == 0 ? "ENABLED" : "DISABLED"),
          null));
    }
  }

  void ecsTasks(Consumer<EcsTask> out) {
    for (long t = 0; t < spec.tasks(); t++) {
      int s = serviceOfTask(t);
      int c = s % spec.clusters();
      int v = vpcOfService(s);
      int j = subnetIndex(v, taskSubnetK(s, t));
      out.accept(new EcsTask(Names.arn("ecs", "task/" + clusterName(c) + "/" + names.hex(S_TASK, t, 32)),
          Names.REGION, clusterArn(c), taskDefinitionArn(taskDefinitionOfService(s)), "FARGATE", "1.4.0", "RUNNING",
          "service:" + serviceName(s), "ecs-svc/" + Names.pad(dice.bits(S_SERVICE, s) >>> 1, 19),
          List.of(new TaskEniAttachment(taskEniId(t), subnetId(j), taskIp(v, j, t)))));
    }
  }

  /** -1 for a compliant task definition, else which mistake it carries. */
  private int taskDefinitionMistake(int i) {
    return dice.percent(F_TASKDEF, i, FAILING_PERCENT) ? dice.pick(F_TASKDEF, i, 7) : -1;
  }

  void taskDefinitions(Consumer<TaskDefinition> out) {
    for (int i = 0; i < spec.taskDefinitions(); i++) {
      int mistake = taskDefinitionMistake(i);
      int pair = i / SynthSpec.REVISIONS_PER_FAMILY % spec.rolePairs();
      int v = i / 2 % spec.vpcs();
      int secret = i % spec.secrets();
      String image;
      String credentials = null;
      int privateRegistry = dice.pick(S_IMAGE, i, 10);
      String repo = Names.ECR_HOST + "/" + ecrName(i % spec.ecrRepositories());
      if (mistake == 0) {
        image = repo + ":latest";
      } else if (mistake == 1) {
        image = "docker.io/library/ubuntu:22.04";
      } else if (privateRegistry == 0) {
        image = "docker.io/my-org/ci-image:1." + (i % 40);
        credentials = secretArn(secret);
      } else if (privateRegistry < 5) {
        image = repo + "@sha256:" + names.hex(S_IMAGE, i, 64);
      } else {
        image = repo + ":v2." + (i % 97) + "." + revision(i);
      }
      List<EnvironmentVariable> env = new ArrayList<>(5);
      env.add(new EnvironmentVariable("CI_SERVER_URL", "plain"));
      env.add(new EnvironmentVariable("TZ", "plain"));
      env.add(new EnvironmentVariable("JOB_CONCURRENCY", "plain"));
      env.add(new EnvironmentVariable("DEPLOY_TARGETS_FILE", "plain"));
      if (mistake == 2) env.add(new EnvironmentVariable("AWS_SECRET_ACCESS_KEY", "aws-secret-access-key"));
      List<PortMapping> ports = mistake == 3
          ? List.of(new PortMapping(22, 22, "tcp"), new PortMapping(2049, 2049, "tcp"))
          : List.of(new PortMapping(22, 22, "tcp"));
      ContainerDefinition ci = new ContainerDefinition("ci-coordinator", image, credentials, ports, env,
          List.of(new SecretReference("DEPLOY_KEY", secretArn((secret + 1) % spec.secrets())),
              new SecretReference("API_TOKEN", Names.arn("ssm", "parameter/ci/api-token-" + Names.pad(i % 50, 2)))),
          List.of(new MountPoint("cache", "/cache", false)),
          mistake == 4 ? Boolean.TRUE : null, null, true, "awslogs", null);
      EfsVolumeConfiguration efs = new EfsVolumeConfiguration(fsId(v), "/", mistake == 5 ? "DISABLED" : "ENABLED",
          null, accessPointId(v), "ENABLED");
      out.accept(new TaskDefinition(taskDefinitionArn(i), family(i), revision(i), Names.REGION, "ACTIVE", "awsvpc",
          List.of("FARGATE"), "1024", "2048", roleArn(executionRole(pair)),
          mistake == 6 ? null : roleArn(taskRole(pair)), List.of(ci), List.of(new TaskVolume("cache", efs)), null));
    }
  }

  // ---- storage and registries ---------------------------------------------------------------

  private String fsId(int v) { return names.id("fs", S_FS, v); }
  private String accessPointId(int v) { return names.id("fsap", S_AP, v); }
  private String mountTargetSubnet(int m) { return subnetId(subnetIndex(m / 2, privateK(m % 2))); }
  private String mountTargetIp(int m) {
    return "10." + (m / 2 % 256) + "." + (privateK(m % 2) % 256) + ".200";
  }

  void efsFileSystems(Consumer<EfsFileSystem> out) {
    for (int v = 0; v < spec.efsFileSystems(); v++) {
      int mistake = dice.percent(F_FS, v, FAILING_PERCENT) ? dice.pick(F_FS, v, 2) : -1;
      String arn = Names.arn("elasticfilesystem", "file-system/" + fsId(v));
      JsonNode policy = mistake == 1
          ? SyntheticPolicies.resourcePolicy("*", List.of("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"))
          : null;
      out.accept(new EfsFileSystem(fsId(v), arn, Names.REGION, "ci-cache-" + Names.pad(v, 3), mistake != 0,
          mistake != 0 ? Names.arn("kms", "key/" + names.hex(S_FS + 200, v, 32)) : null, "available", policy,
          Map.of("Name", "ci-cache-" + Names.pad(v, 3))));
    }
  }

  void efsMountTargets(Consumer<EfsMountTarget> out) {
    for (int m = 0; m < 2 * spec.efsFileSystems(); m++) {
      int v = m / 2;
      out.accept(new EfsMountTarget(names.id("fsmt", S_MT, m), Names.REGION, fsId(v), mountTargetSubnet(m),
          Names.AZS[privateK(m % 2) % 3], mountTargetIp(m), mountTargetEniId(m), List.of(sgId(efsSg(v)))));
    }
  }

  void efsAccessPoints(Consumer<EfsAccessPoint> out) {
    for (int v = 0; v < spec.efsFileSystems(); v++) {
      out.accept(new EfsAccessPoint(accessPointId(v), Names.arn("elasticfilesystem", "access-point/" + accessPointId(v)),
          Names.REGION, fsId(v), "/ci-cache", 1000L));
    }
  }

  private String secretArn(int q) {
    return Names.arn("secretsmanager", "secret:" + secretName(q) + "-" + names.hex(S_SECRET, q, 6));
  }

  private static String secretName(int q) {
    return (q % 2 == 0 ? "ci/registry-login-" : "ci/deploy-key-") + Names.pad(q, 6);
  }

  void secrets(Consumer<SecretMetadata> out) {
    for (int q = 0; q < spec.secrets(); q++) {
      int mistake = dice.percent(F_SECRET, q, FAILING_PERCENT) ? dice.pick(F_SECRET, q, 2) : -1;
      JsonNode policy = mistake == 0
          ? SyntheticPolicies.resourcePolicy("*", List.of("secretsmanager:GetSecretValue"))
          : null;
      out.accept(new SecretMetadata(secretArn(q), secretName(q), Names.REGION,
          q % 3 == 0 ? Names.arn("kms", "key/" + names.hex(S_SECRET + 200, q, 32)) : null, policy, mistake == 1));
    }
  }

  private static String ecrName(int e) { return "ci-images/job-" + Names.pad(e, 5); }

  void ecrRepositories(Consumer<EcrRepository> out) {
    for (int e = 0; e < spec.ecrRepositories(); e++) {
      int mistake = dice.percent(F_ECR, e, FAILING_PERCENT) ? dice.pick(F_ECR, e, 2) : -1;
      JsonNode policy = mistake == 0
          ? SyntheticPolicies.resourcePolicy("*", List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"))
          : SyntheticPolicies.resourcePolicy(Names.iamArn("root"), List.of("ecr:BatchGetImage"));
      out.accept(new EcrRepository(Names.arn("ecr", "repository/" + ecrName(e)), ecrName(e), Names.REGION,
          Names.ACCOUNT, Names.ECR_HOST + "/" + ecrName(e), policy, true, mistake == 1 ? "MUTABLE" : "IMMUTABLE",
          e % 2 == 0 ? "KMS" : "AES256"));
    }
  }

  // ---- IAM ----------------------------------------------------------------------------------

  private int executionRole(int pair) { return spec.vpcs() + 2 * pair; }
  private int taskRole(int pair) { return spec.vpcs() + 2 * pair + 1; }

  private String roleName(int r) {
    if (r < spec.vpcs()) return "gitlab-runner-" + Names.pad(r, 3);
    int pair = (r - spec.vpcs()) / 2;
    return ((r - spec.vpcs()) % 2 == 0 ? "ci-task-execution-" : "ci-task-") + Names.pad(pair, 6);
  }

  private String roleArn(int r) { return Names.iamArn("role/ci/" + roleName(r)); }

  private static AttachedPolicy awsManaged(String name, JsonNode document) {
    return new AttachedPolicy("arn:aws:iam::aws:policy/" + name, name, true, "v1", document);
  }

  private static AttachedPolicy customerManaged(String name, JsonNode document) {
    return new AttachedPolicy(Names.iamArn("policy/ci/" + name), name, false, "v1", document);
  }

  void iamRoles(Consumer<IamRole> out) {
    for (int r = 0; r < spec.roles(); r++) {
      int mistake = dice.percent(F_ROLE, r, FAILING_PERCENT) ? dice.pick(F_ROLE, r, 7) : -1;
      String name = roleName(r);
      List<AttachedPolicy> attached = new ArrayList<>(2);
      List<InlinePolicy> inline = new ArrayList<>(1);
      JsonNode trust;
      if (r < spec.vpcs()) {
        trust = SyntheticPolicies.trust("ec2.amazonaws.com", false);
        String cluster = clusterArn(r % spec.clusters());
        attached.add(mistake == 0 || mistake == 1
            ? awsManaged("AmazonECS_FullAccess", SyntheticPolicies.ECS_FULL_ACCESS)
            : customerManaged("gitlab-runner-fargate-" + Names.pad(r, 3), SyntheticPolicies.policy(
                SyntheticPolicies.allow(List.of("ecs:RunTask", "ecs:StopTask", "ecs:DescribeTasks"),
                    cluster, Names.arn("ecs", "task-definition/gitlab-ci-job-*"), Names.arn("ecs", "task/" + clusterName(r % spec.clusters()) + "/*")))));
        attached.add(awsManaged("AmazonSSMManagedInstanceCore", SyntheticPolicies.policy(
            SyntheticPolicies.allow(List.of("ssm:UpdateInstanceInformation", "ssmmessages:CreateControlChannel"), "*"))));
        inline.add(new InlinePolicy("pass-ci-roles", SyntheticPolicies.policy(SyntheticPolicies.allow(
            List.of("iam:PassRole"), mistake == 2 ? "*" : Names.iamArn("role/ci/ci-task*")))));
      } else {
        trust = mistake == 6 ? SyntheticPolicies.trustAnyone()
            : SyntheticPolicies.trust("ecs-tasks.amazonaws.com", mistake != 5);
        boolean execution = (r - spec.vpcs()) % 2 == 0;
        int pair = (r - spec.vpcs()) / 2;
        String secret = secretArn(pair % spec.secrets());
        if (execution) {
          attached.add(awsManaged("AmazonECSTaskExecutionRolePolicy", SyntheticPolicies.ECS_TASK_EXECUTION));
          attached.add(switch (mistake) {
            case 0 -> awsManaged("SecretsManagerReadWrite", SyntheticPolicies.SECRETS_MANAGER_READ_WRITE);
            case 1 -> customerManaged("ReadSecrets-" + Names.pad(pair, 6), SyntheticPolicies.policy(
                SyntheticPolicies.allow(List.of("secretsmanager:GetSecretValue"), "*")));
            default -> customerManaged("ci-registry-login-" + Names.pad(pair, 6), SyntheticPolicies.policy(
                SyntheticPolicies.allow(List.of("secretsmanager:GetSecretValue"), secret),
                SyntheticPolicies.allow(List.of("kms:Decrypt"), Names.arn("kms", "key/" + names.hex(S_ROLE, r, 32)))));
          });
        } else {
          attached.add(customerManaged("ci-efs-client-" + Names.pad(pair, 6), SyntheticPolicies.policy(
              SyntheticPolicies.allow(List.of("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"),
                  Names.arn("elasticfilesystem", "file-system/" + fsId(pair % spec.vpcs()))))));
          attached.add(mistake == 0 || mistake == 1
              ? awsManaged("AmazonS3FullAccess", SyntheticPolicies.S3_FULL_ACCESS)
              : customerManaged("ci-artifacts-" + Names.pad(pair, 6), SyntheticPolicies.policy(SyntheticPolicies.allow(
                  List.of("s3:GetObject", "s3:PutObject"), "arn:aws:s3:::ci-artifacts-" + Names.pad(pair, 6) + "/*"))));
        }
        inline.add(new InlinePolicy("ci-extras", switch (mistake) {
          case 2 -> SyntheticPolicies.policy(SyntheticPolicies.allow(List.of("*"), "*"));
          case 3 -> SyntheticPolicies.policy(SyntheticPolicies.statement("Allow", "NotAction", List.of("iam:*"), "*"));
          case 4 -> SyntheticPolicies.policy(SyntheticPolicies.allow(List.of("iam:PassRole", "ecs:RunTask"), "*"));
          default -> SyntheticPolicies.policy(SyntheticPolicies.allow(List.of("logs:CreateLogStream", "logs:PutLogEvents"),
              Names.arn("logs", "log-group:/ci/" + name + ":*")));
        }));
      }
      out.accept(new IamRole(roleArn(r), name, "/ci/", trust, attached, inline, null, null));
    }
  }

  void iamInstanceProfiles(Consumer<IamInstanceProfile> out) {
    for (int v = 0; v < spec.vpcs(); v++) {
      out.accept(new IamInstanceProfile(profileArn(v), "gitlab-runner-" + Names.pad(v, 3), List.of(roleArn(v))));
    }
  }

  RunnerConfig runnerConfig() {
    return new RunnerConfig(clusterName(0), Names.REGION, subnetId(subnetIndex(0, privateK(0))), sgId(taskSg(0, 0)),
        family(0), false, false, "1.4.0", 22, "root", null);
  }
}
