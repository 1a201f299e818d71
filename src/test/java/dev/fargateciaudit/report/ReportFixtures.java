package dev.fargateciaudit.report;

import dev.fargateciaudit.findings.AppliedWaiver;
import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.ReportMeta;
import dev.fargateciaudit.findings.ResourceRef;
import dev.fargateciaudit.findings.RuleInfo;
import dev.fargateciaudit.findings.Severity;
import dev.fargateciaudit.findings.Status;
import dev.fargateciaudit.findings.WaiverReport;
import dev.fargateciaudit.inventory.AwsVpcConfiguration;
import dev.fargateciaudit.inventory.CollectionError;
import dev.fargateciaudit.inventory.Ec2Instance;
import dev.fargateciaudit.inventory.EcsService;
import dev.fargateciaudit.inventory.EfsFileSystem;
import dev.fargateciaudit.inventory.EfsMountTarget;
import dev.fargateciaudit.inventory.ElasticIp;
import dev.fargateciaudit.inventory.InternetGateway;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryBuilder;
import dev.fargateciaudit.inventory.InventoryJson;
import dev.fargateciaudit.inventory.InventoryMeta;
import dev.fargateciaudit.inventory.NatGateway;
import dev.fargateciaudit.inventory.NatGatewayAddress;
import dev.fargateciaudit.inventory.Route;
import dev.fargateciaudit.inventory.RouteTable;
import dev.fargateciaudit.inventory.RunnerConfig;
import dev.fargateciaudit.inventory.SecurityGroup;
import dev.fargateciaudit.inventory.SecurityGroupRule;
import dev.fargateciaudit.inventory.Subnet;
import dev.fargateciaudit.inventory.Vpc;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The blog's estate (reference-setup.md) as an inventory, with the findings the rules are expected
 * to produce for it: an IGW-routed CI subnet, NFS open to the world on the task SG, FullAccess
 * policies, an unencrypted EFS, one waived finding, one unevaluated rule and a failed read.
 */
final class ReportFixtures {
  private ReportFixtures() {}

  static final String ACCOUNT = "123456789012";
  static final String REGION = "eu-west-2";
  static final String SUBNET_CI_A_ARN = "arn:aws:ec2:eu-west-2:123456789012:subnet/subnet-0ci0a";
  static final List<String> FAILING_RULES = List.of("FCA-EGRESS-001", "FCA-SG-001", "FCA-IAM-001", "FCA-EFS-001");

  /** Strings that try to break out of HTML, XML or the terminal; each must come out intact and inert. */
  static final String SCRIPT = "<script>document.title='pwned-script';document.body.setAttribute('data-pwned','1')</script>";
  static final String IMG = "\"><img src=x onerror=\"document.title='pwned-img'\"><img src=\"https://exfil.invalid/p.png\">"
      + "<style>@import url(https://exfil.invalid/s.css);</style>";
  static final String CDATA_END = "]]><!-- x --><![CDATA[";
  static final String CONTROL = "ctl\u0000\u0001\u0007\u001b[31mred\u001b[0m\u007f\u0085end";
  static final String SURROGATES = "lone-high\uD800 lone-low\uDC00 pair\uD83D\uDE00";
  static final String BIDI = "admin\u202Egpj.exe\u202C\u2066iso\u2069";
  static final String HUGE = "A".repeat(50_000) + "<b>middle</b>" + "Z".repeat(50_000);

  static Inventory blogInventory() {
    return blogInventory(Map.of());
  }

  /** @param hostile text to plant, by where it goes: sgName, sgDescription, subnetTag, errorMessage */
  static Inventory blogInventory(Map<String, String> hostile) {
    InventoryBuilder b = Inventory.builder();
    b.meta = new InventoryMeta(ACCOUNT, "aws", List.of(REGION), Instant.parse("2026-11-27T22:00:00Z"), "snapshot",
        "0.1.0", Map.of("ec2:DescribeSubnets", 1L, "ec2:DescribeSecurityGroups", 2L, "ecs:ListTasks", 3L), 4200);
    b.add(new Vpc("vpc-0blog", REGION, "10.0.0.0/16", List.of(), false, Map.of()));
    b.add(new Subnet("subnet-0public", "arn:aws:ec2:eu-west-2:123456789012:subnet/subnet-0public", REGION,
        "vpc-0blog", "eu-west-2a", "10.0.0.0/24", List.of(), true, false, Map.of("Name", "public")));
    b.add(new Subnet("subnet-0ci0a", SUBNET_CI_A_ARN, REGION, "vpc-0blog", "eu-west-2a", "10.0.16.0/20",
        List.of(), false, false, Map.of("Name", hostile.getOrDefault("subnetTag", "ci-a"))));
    b.add(new Subnet("subnet-0ci0b", "arn:aws:ec2:eu-west-2:123456789012:subnet/subnet-0ci0b", REGION,
        "vpc-0blog", "eu-west-2b", "10.0.32.0/20", List.of(), false, false, Map.of("Name", "ci-b")));
    b.add(new RouteTable("rtb-0public", REGION, "vpc-0blog", true, List.of("subnet-0public"), List.of(
        new Route("10.0.0.0/16", null, null, "local", "local", "active"),
        new Route("0.0.0.0/0", null, null, "igw", "igw-0blog", "active"))));
    b.add(new RouteTable("rtb-0ci0a", REGION, "vpc-0blog", false, List.of("subnet-0ci0a"), List.of(
        new Route("10.0.0.0/16", null, null, "local", "local", "active"),
        new Route("0.0.0.0/0", null, null, "igw", "igw-0blog", "active"))));
    b.add(new RouteTable("rtb-0ci0b", REGION, "vpc-0blog", false, List.of("subnet-0ci0b"), List.of(
        new Route("10.0.0.0/16", null, null, "local", "local", "active"),
        new Route("0.0.0.0/0", null, null, "nat", "nat-0blog", "active"))));
    b.add(new InternetGateway("igw-0blog", REGION, List.of("vpc-0blog")));
    b.add(new NatGateway("nat-0blog", REGION, "vpc-0blog", "subnet-0public", "available", "public",
        List.of(new NatGatewayAddress("eipalloc-0blog", "203.0.113.10", "10.0.0.20", "eni-0nat"))));
    b.add(new ElasticIp("eipalloc-0blog", REGION, "203.0.113.10", "eipassoc-0blog", "eni-0nat", null));
    b.add(new SecurityGroup("sg-0runner", REGION, "vpc-0blog", "gitlab-runner", "runner host",
        List.of(), List.of(new SecurityGroupRule("-1", null, null, "cidr4", "0.0.0.0/0", null)), Map.of()));
    b.add(new SecurityGroup("sg-0citasks", REGION, "vpc-0blog",
        hostile.getOrDefault("sgName", "ci-tasks"), hostile.getOrDefault("sgDescription", "CI tasks"), List.of(
        new SecurityGroupRule("tcp", 22, 22, "sg", "sg-0runner", "ssh from runner"),
        new SecurityGroupRule("tcp", 2049, 2049, "cidr4", "0.0.0.0/0", "nfs, as the blog said")), List.of(), Map.of()));
    b.add(new SecurityGroup("sg-0efs", REGION, "vpc-0blog", "efs-mount-targets", "EFS", List.of(
        new SecurityGroupRule("tcp", 2049, 2049, "sg", "sg-0citasks", null)), List.of(), Map.of()));
    b.add(new Ec2Instance("i-0runner", REGION, "vpc-0blog", "subnet-0public", "10.0.0.15", null,
        List.of("sg-0runner"), "arn:aws:iam::123456789012:instance-profile/gitlab-runner", "running", Map.of()));
    b.add(new EcsService("arn:aws:ecs:eu-west-2:123456789012:service/gitlab-ci/warm", "warm", REGION,
        "arn:aws:ecs:eu-west-2:123456789012:cluster/gitlab-ci", "FARGATE", "LATEST",
        "arn:aws:ecs:eu-west-2:123456789012:task-definition/gitlab-ci:3", 0,
        new AwsVpcConfiguration(List.of("subnet-0ci0a", "subnet-0ci0b"), List.of("sg-0citasks"), "DISABLED"), null));
    b.add(new EfsFileSystem("fs-0blog", "arn:aws:elasticfilesystem:eu-west-2:123456789012:file-system/fs-0blog",
        REGION, "ci-cache", false, null, "available", null, Map.of()));
    b.add(new EfsMountTarget("fsmt-0a", REGION, "fs-0blog", "subnet-0ci0a", "eu-west-2a", "10.0.16.5",
        "eni-0efs", List.of("sg-0efs")));
    b.runnerConfig = new RunnerConfig("gitlab-ci", REGION, "subnet-0ci0a", "sg-0citasks", "gitlab-ci:3", false, false,
        "LATEST", 22, "root", null);
    b.add(new CollectionError("secretsmanager", "DescribeSecret", REGION, "AccessDeniedException",
        hostile.getOrDefault("errorMessage", "User is not authorized to perform secretsmanager:DescribeSecret"),
        "arn:aws:secretsmanager:eu-west-2:123456789012:secret:registry-login"));
    return b.build();
  }

  static List<RuleInfo> rules() {
    return List.of(
        rule("FCA-EGRESS-001", "CI subnets route 0.0.0.0/0 to a NAT gateway", "egress", Severity.HIGH, "ciSubnet"),
        rule("FCA-EGRESS-002", "NAT gateways carry an expected Elastic IP", "egress", Severity.HIGH, "natGateway"),
        rule("FCA-SG-001", "Task security groups allow only tcp/22 from the runner", "network", Severity.CRITICAL, "securityGroup"),
        rule("FCA-IAM-001", "No *FullAccess or *ReadWrite managed policies on CI roles", "iam", Severity.HIGH, "role"),
        rule("FCA-EFS-001", "The CI file system is encrypted at rest", "efs", Severity.MEDIUM, "fileSystem"),
        rule("FCA-IMG-001", "CI images are private and authenticated", "images", Severity.HIGH, "container"),
        rule("FCA-IMG-002", "No plaintext secrets in task environment", "images", Severity.CRITICAL, "container"),
        rule("FCA-PUB-001", "CI services do not assign public IPs", "network", Severity.HIGH, "service"));
  }

  static RuleInfo rule(String id, String title, String area, Severity sev, String subject) {
    return new RuleInfo(id, title, area, sev, subject, "Why " + id + " matters.", "Fix " + id + " like this.",
        List.of("https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html", "javascript:alert(1)"),
        "rules/" + area + "/" + id + ".yml");
  }

  static List<Finding> findings(Map<String, String> hostile) {
    List<Finding> f = new ArrayList<>();
    f.add(finding("FCA-EGRESS-001", "egress", Severity.HIGH, Status.FAIL,
        new ResourceRef(SUBNET_CI_A_ARN, "AWS::EC2::Subnet", hostile.getOrDefault("resourceName", "ci-a"), ACCOUNT, REGION),
        hostile.getOrDefault("message", "CI subnet subnet-0ci0a routes 0.0.0.0/0 to internet gateway igw-0blog: no static egress IP"),
        evidence("defaultRoute", "0.0.0.0/0 -> igw-0blog", "publicIp", hostile.getOrDefault("evidence", "none"))));
    f.add(finding("FCA-EGRESS-001", "egress", Severity.HIGH, Status.PASS,
        ref("arn:aws:ec2:eu-west-2:123456789012:subnet/subnet-0ci0b", "AWS::EC2::Subnet"), "routes via nat-0blog", Map.of()));
    f.add(finding("FCA-EGRESS-002", "egress", Severity.HIGH, Status.PASS, ref("nat-0blog", "AWS::EC2::NatGateway"),
        "nat-0blog carries 203.0.113.10", Map.of()));
    f.add(finding("FCA-SG-001", "network", Severity.CRITICAL, Status.FAIL, ref("sg-0citasks", "AWS::EC2::SecurityGroup"),
        "sg-0citasks allows tcp/2049 from 0.0.0.0/0", evidence("rule", "tcp/2049 from 0.0.0.0/0")));
    f.add(finding("FCA-IAM-001", "iam", Severity.HIGH, Status.FAIL,
        ref("arn:aws:iam::123456789012:role/ecsTaskExecutionRole", "AWS::IAM::Role"),
        "ecsTaskExecutionRole has SecretsManagerReadWrite", evidence("policy", "arn:aws:iam::aws:policy/SecretsManagerReadWrite")));
    f.add(finding("FCA-IAM-001", "iam", Severity.HIGH, Status.WAIVED,
        ref("arn:aws:iam::123456789012:role/gitlab-runner", "AWS::IAM::Role"), "gitlab-runner has AmazonECS_FullAccess",
        evidence("policy", "arn:aws:iam::aws:policy/AmazonECS_FullAccess"))
        .withStatus(Status.WAIVED, new AppliedWaiver("FCA-IAM-001", "arn:aws:iam::123456789012:role/gitlab-runner", null,
            hostile.getOrDefault("waiverReason", "driver needs it until runner 17.x"), "security@example.org",
            LocalDate.parse("2027-01-31"))));
    f.add(finding("FCA-EFS-001", "efs", Severity.MEDIUM, Status.FAIL,
        ref("arn:aws:elasticfilesystem:eu-west-2:123456789012:file-system/fs-0blog", "AWS::EFS::FileSystem"),
        "fs-0blog is not encrypted at rest", evidence("encrypted", "false")));
    f.add(finding("FCA-IMG-001", "images", Severity.HIGH, Status.ERROR,
        ref("arn:aws:ecs:eu-west-2:123456789012:task-definition/gitlab-ci:3", "AWS::ECS::TaskDefinition"),
        "registry secret could not be read: secretsmanager:DescribeSecret AccessDeniedException", Map.of()));
    f.add(finding("FCA-IMG-002", "images", Severity.CRITICAL, Status.PASS,
        ref("arn:aws:ecs:eu-west-2:123456789012:task-definition/gitlab-ci:3", "AWS::ECS::TaskDefinition"),
        "no plaintext secrets", Map.of()));
    f.add(new Finding("FCA-PUB-001", "CI services do not assign public IPs", "network", Severity.HIGH,
        Status.NOT_APPLICABLE, null, "no subject", Map.of(), null, null, null, false));
    return f;
  }

  static final Path BLOG_EXAMPLE = Path.of("examples/blog-setup/inventory.json");
  static final List<String> EXAMPLE_FAILING_RULES = List.of("FCA-EGRESS-001", "FCA-SG-001", "FCA-SG-002",
      "FCA-IAM-001", "FCA-IMG-003");

  /**
   * The bundled {@code examples/blog-setup} snapshot with, built by hand, the findings the post's
   * mistakes should produce (reference-setup.md): IGW default route, NFS opened on the task SG, an
   * EFS SG open to the whole VPC, FullAccess/ReadWrite policies, a {@code latest} image tag.
   */
  static AuditReport exampleBlogReport() {
    Inventory inv = InventoryJson.load(BLOG_EXAMPLE);
    String a = "arn:aws:";
    List<Finding> f = new ArrayList<>();
    f.add(finding("FCA-EGRESS-001", "egress", Severity.HIGH, Status.FAIL,
        ref(a + "ec2:eu-west-2:123456789012:subnet/subnet-052ab170427c9590f", "AWS::EC2::Subnet"),
        "CI subnet subnet-052ab170427c9590f routes 0.0.0.0/0 to internet gateway igw-007e435416899cfc1: tasks without a public IP have no egress, and an IGW has no static IP",
        evidence("defaultRoute", "0.0.0.0/0 -> igw-007e435416899cfc1", "routeTable", "rtb-00de02c6e8aa6f7ac")));
    f.add(finding("FCA-EGRESS-002", "egress", Severity.HIGH, Status.NOT_APPLICABLE, null, "no NAT gateway on a CI path", Map.of()));
    f.add(finding("FCA-SG-001", "network", Severity.HIGH, Status.FAIL, ref("sg-04880fd637e66f668", "AWS::EC2::SecurityGroup"),
        "task security group sg-04880fd637e66f668 allows tcp/2049 from 10.0.16.0/20: tasks are NFS clients, not servers",
        evidence("rule", "tcp/2049 from 10.0.16.0/20", "expected", "tcp/22 from sg-02962bc5e76d3ea87")));
    f.add(finding("FCA-SG-002", "network", Severity.MEDIUM, Status.FAIL, ref("sg-02e9a347c517864d8", "AWS::EC2::SecurityGroup"),
        "EFS mount-target security group sg-02e9a347c517864d8 allows tcp/2049 from 10.0.0.0/16, wider than the CI tasks",
        evidence("rule", "tcp/2049 from 10.0.0.0/16", "expected", "tcp/2049 from sg-04880fd637e66f668")));
    f.add(finding("FCA-IAM-001", "iam", Severity.HIGH, Status.FAIL, ref(a + "iam::123456789012:role/ecsTaskExecutionRole", "AWS::IAM::Role"),
        "role ecsTaskExecutionRole has AWS managed policy SecretsManagerReadWrite, AmazonS3FullAccess",
        evidence("policies", "arn:aws:iam::aws:policy/SecretsManagerReadWrite, arn:aws:iam::aws:policy/AmazonS3FullAccess")));
    f.add(finding("FCA-IAM-001", "iam", Severity.HIGH, Status.FAIL, ref(a + "iam::123456789012:role/gitlab-runner", "AWS::IAM::Role"),
        "role gitlab-runner has AWS managed policy AmazonECS_FullAccess", evidence("policies", "arn:aws:iam::aws:policy/AmazonECS_FullAccess")));
    f.add(finding("FCA-IMG-003", "images", Severity.MEDIUM, Status.FAIL,
        ref(a + "ecs:eu-west-2:123456789012:task-definition/gitlab-ci-fargate:3", "AWS::ECS::TaskDefinition"),
        "container ci uses a mutable tag: my-organisation/ci-image:latest", evidence("image", "docker.io/my-organisation/ci-image:latest")));
    f.add(finding("FCA-EFS-001", "efs", Severity.MEDIUM, Status.PASS, ref("fs-048c65bb29208592c", "AWS::EFS::FileSystem"),
        "fs-048c65bb29208592c is encrypted at rest", Map.of()));
    f.add(finding("FCA-PUB-001", "network", Severity.HIGH, Status.PASS,
        ref(a + "ecs:eu-west-2:123456789012:task-definition/gitlab-ci-fargate:3", "AWS::ECS::TaskDefinition"),
        "fargate.toml has EnablePublicIP = false", Map.of()));
    List<RuleInfo> rules = new ArrayList<>(rules());
    rules.add(rule("FCA-SG-002", "EFS mount targets accept NFS only from CI tasks", "network", Severity.MEDIUM, "securityGroup"));
    rules.add(rule("FCA-IMG-003", "CI images use immutable tags or digests", "images", Severity.MEDIUM, "container"));
    ReportMeta meta = new ReportMeta("0.1.0", "sha256:5e1f", Instant.parse("2026-11-28T01:00:00Z"), "snapshot",
        List.of(ACCOUNT), List.of(REGION), Map.of(), 0, "high", 1);
    return new AuditReport(meta, rules, f, inv.collectionErrors(), WaiverReport.NONE, inv);
  }

  static AuditReport blogReport() {
    return report(blogInventory(), findings(Map.of()), 1);
  }

  static AuditReport report(Inventory inv, List<Finding> findings, int exitCode) {
    ReportMeta meta = new ReportMeta("0.1.0", "sha256:0f1e2d3c", Instant.parse("2026-11-28T01:00:00Z"), "snapshot",
        List.of(ACCOUNT), List.of(REGION), inv == null ? Map.of() : inv.meta().apiCalls(),
        inv == null ? 0 : inv.meta().collectionMillis(), "high", exitCode);
    return new AuditReport(meta, rules(), findings, inv == null ? List.of() : inv.collectionErrors(),
        new WaiverReport(List.of(new AppliedWaiver("FCA-SG-001", "sg-0old", null, "temporary", "ops@example.org",
            LocalDate.parse("2026-01-01"))), List.of()), inv);
  }

  static Finding finding(String rule, String area, Severity sev, Status status, ResourceRef r, String message,
      Map<String, String> evidence) {
    String title = rules().stream().filter(x -> x.id().equals(rule)).findFirst().map(RuleInfo::title).orElse(rule);
    return new Finding(rule, title, area, sev, status, r, message, evidence, "Fix " + rule + " like this.", null, null, false);
  }

  static ResourceRef ref(String id, String type) {
    return new ResourceRef(id, type, null, ACCOUNT, REGION);
  }

  static Map<String, String> evidence(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
    return m;
  }
}
