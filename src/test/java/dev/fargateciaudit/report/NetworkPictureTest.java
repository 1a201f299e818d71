package dev.fargateciaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.Severity;
import dev.fargateciaudit.findings.Status;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryBuilder;
import dev.fargateciaudit.inventory.SecurityGroup;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NetworkPictureTest {
  private static Optional<NetworkPicture.Node> node(NetworkPicture p, String key) {
    return p.nodes().stream().filter(n -> n.key().equals(key)).findFirst();
  }

  private static Optional<String> edgeLabel(NetworkPicture p, String from, String to) {
    NetworkPicture.Node a = node(p, from).orElseThrow();
    NetworkPicture.Node b = node(p, to).orElseThrow();
    return p.edges().stream().filter(e -> e.x1() == a.x() + a.w() && e.y1() == a.y() + a.h() / 2
        && e.x2() == b.x() && e.y2() == b.y() + b.h() / 2).map(NetworkPicture.Edge::label).findFirst();
  }

  @Test
  void drawsTheBlogsPathFromRunnerToElasticIp() {
    NetworkPicture p = NetworkPicture.of(ReportFixtures.blogInventory(), List.of());
    assertThat(edgeLabel(p, "i-0runner", "sg-0citasks")).contains("tcp/22");
    assertThat(edgeLabel(p, "sg-0citasks", "subnet-0ci0a")).isPresent();
    assertThat(edgeLabel(p, "sg-0citasks", "subnet-0ci0b")).isPresent();
    assertThat(edgeLabel(p, "subnet-0ci0a", "rtb-0ci0a")).isPresent();
    assertThat(edgeLabel(p, "rtb-0ci0a", "igw-0blog")).contains("0.0.0.0/0");
    assertThat(edgeLabel(p, "rtb-0ci0b", "nat-0blog")).contains("0.0.0.0/0");
    assertThat(edgeLabel(p, "nat-0blog", "eipalloc-0blog")).isPresent();
    assertThat(node(p, "eipalloc-0blog").orElseThrow().label()).isEqualTo("203.0.113.10");
    assertThat(edgeLabel(p, "sg-0citasks", "sg-0efs")).contains("tcp/2049");
    assertThat(edgeLabel(p, "sg-0efs", "fsmt-0a")).isPresent();
    assertThat(edgeLabel(p, "internet", "sg-0citasks")).contains("tcp/2049");
    assertThat(node(p, "igw-0blog").orElseThrow().detail()).contains("no static egress IP");
    assertThat(node(p, "subnet-0public")).isEmpty();
    assertThat(p.nodes()).noneMatch(NetworkPicture.Node::failing);
  }

  @Test
  void bundledBlogExampleShowsTheRunnerNotTheBastionAndTheWideNfsRule() {
    NetworkPicture p = NetworkPicture.of(dev.fargateciaudit.inventory.InventoryJson.load(ReportFixtures.BLOG_EXAMPLE), List.of());
    assertThat(node(p, "i-02962bc5e76d3ea87")).isPresent();
    assertThat(node(p, "i-00e1dafa7e7f1f2ad")).as("ops bastion is not on the CI path").isEmpty();
    assertThat(edgeLabel(p, "i-02962bc5e76d3ea87", "sg-04880fd637e66f668")).contains("tcp/22");
    assertThat(edgeLabel(p, "rtb-00de02c6e8aa6f7ac", "igw-007e435416899cfc1")).contains("0.0.0.0/0");
    // The mount-target group admits 10.0.0.0/16, a range with the CI subnets in it, not the task group:
    // the edge comes from that range, and none from the task group.
    assertThat(node(p, "cidr:10.0.0.0/16").orElseThrow().label()).isEqualTo("10.0.0.0/16");
    assertThat(edgeLabel(p, "cidr:10.0.0.0/16", "sg-02e9a347c517864d8")).contains("tcp/2049");
    assertThat(edgeLabel(p, "sg-04880fd637e66f668", "sg-02e9a347c517864d8")).isEmpty();
    assertThat(p.nodes().stream().filter(n -> n.kind().equals("mountTarget")).count()).isEqualTo(2);
    assertThat(p.nodes().stream().filter(n -> n.kind().equals("eip"))).isEmpty();
  }

  @Test
  void thePictureFitsTheReportsColumnAtAnyWidth() throws Exception {
    NetworkPicture p = NetworkPicture.of(dev.fargateciaudit.inventory.InventoryJson.load(ReportFixtures.BLOG_EXAMPLE), List.of());
    java.nio.file.Path out = java.nio.file.Files.createTempDirectory("picture");
    new HtmlReporter().write(ReportFixtures.exampleBlogReport(), out);
    org.jsoup.nodes.Element svg = org.jsoup.Jsoup.parse(java.nio.file.Files.readString(out.resolve("report.html")))
        .getElementById("network-picture");
    // Drawn in its own coordinates and scaled to the column (1280 px at most, less on a 1400 px window with margins).
    assertThat(svg.attr("viewBox")).isEqualTo("0 0 " + p.width() + " " + p.height());
    assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("src/main/resources/templates/report.css")))
        .contains("#network-picture{max-width:100%;height:auto}");
  }

  @Test
  void nodesAreRedWhenAFailingFindingIsAboutThemByIdOrArn() {
    List<Finding> findings = List.of(
        ReportFixtures.finding("R1", "a", Severity.HIGH, Status.FAIL, ReportFixtures.ref(ReportFixtures.SUBNET_CI_A_ARN, "s"), "m", Map.of()),
        ReportFixtures.finding("R2", "a", Severity.HIGH, Status.FAIL, ReportFixtures.ref("nat-0blog", "n"), "m", Map.of()),
        ReportFixtures.finding("R3", "a", Severity.HIGH, Status.PASS, ReportFixtures.ref("sg-0efs", "n"), "m", Map.of()),
        ReportFixtures.finding("R4", "a", Severity.HIGH, Status.WAIVED, ReportFixtures.ref("igw-0blog", "n"), "m", Map.of()));
    NetworkPicture p = NetworkPicture.of(ReportFixtures.blogInventory(), findings);
    assertThat(p.nodes().stream().filter(NetworkPicture.Node::failing).map(NetworkPicture.Node::key))
        .containsExactlyInAnyOrder("subnet-0ci0a", "nat-0blog");
  }

  @Test
  void runnerWithoutAnInboundRuleGetsADashedEdge() {
    InventoryBuilder b = ReportFixtures.blogInventory().toBuilder();
    b.list(SecurityGroup.class).replaceAll(sg -> sg.id().equals("sg-0citasks")
        ? new SecurityGroup(sg.id(), sg.region(), sg.vpcId(), sg.name(), sg.description(), List.of(), List.of(), Map.of())
        : sg);
    NetworkPicture p = NetworkPicture.of(b.build(), List.of());
    assertThat(edgeLabel(p, "i-0runner", "sg-0citasks")).contains("no rule");
    assertThat(p.edges()).anyMatch(NetworkPicture.Edge::dashed);
    assertThat(node(p, "internet")).isEmpty();
  }

  @Test
  void noInventoryOrNoCiEstateGivesAnEmptyPicture() {
    assertThat(NetworkPicture.of(null, List.of()).isEmpty()).isTrue();
    Inventory empty = Inventory.builder().build();
    assertThat(NetworkPicture.of(empty, List.of()).isEmpty()).isTrue();
  }

  @Test
  void largeEstatesAreCappedPerColumn() {
    InventoryBuilder b = ReportFixtures.blogInventory().toBuilder();
    var svc = b.list(dev.fargateciaudit.inventory.EcsService.class).get(0);
    List<String> subnets = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) subnets.add("subnet-extra" + i);
    b.list(dev.fargateciaudit.inventory.EcsService.class).set(0, new dev.fargateciaudit.inventory.EcsService(svc.arn(), svc.name(), svc.region(), svc.clusterArn(),
        svc.launchType(), svc.platformVersion(), svc.taskDefinitionArn(), 1,
        new dev.fargateciaudit.inventory.AwsVpcConfiguration(subnets, List.of("sg-0citasks"), "DISABLED"), null));
    NetworkPicture p = NetworkPicture.of(b.build(), List.of());
    long subnetNodes = p.nodes().stream().filter(n -> n.kind().equals("subnet")).count();
    assertThat(subnetNodes).isEqualTo(NetworkPicture.MAX_PER_COLUMN);
    assertThat(p.nodes()).anyMatch(n -> n.kind().equals("more") && n.label().equals("+" + (41 - NetworkPicture.MAX_PER_COLUMN) + " more"));
  }
}
