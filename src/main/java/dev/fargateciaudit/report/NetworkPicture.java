package dev.fargateciaudit.report;

import dev.fargateciaudit.derive.Cidrs;
import dev.fargateciaudit.derive.Derivation;
import dev.fargateciaudit.derive.NetworkIndex;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.Status;
import dev.fargateciaudit.inventory.EcsService;
import dev.fargateciaudit.inventory.EcsTask;
import dev.fargateciaudit.inventory.Ec2Instance;
import dev.fargateciaudit.inventory.EfsFileSystem;
import dev.fargateciaudit.inventory.EfsMountTarget;
import dev.fargateciaudit.inventory.ElasticIp;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.NatGateway;
import dev.fargateciaudit.inventory.NatGatewayAddress;
import dev.fargateciaudit.inventory.NetworkInterface;
import dev.fargateciaudit.inventory.Route;
import dev.fargateciaudit.inventory.RouteTable;
import dev.fargateciaudit.inventory.SecurityGroup;
import dev.fargateciaudit.inventory.SecurityGroupRule;
import dev.fargateciaudit.inventory.Subnet;
import dev.fargateciaudit.inventory.TaskEniAttachment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The CI network path as a laid-out graph, ready to draw as SVG: runner instance, task security
 * group, CI subnets, their route tables' default routes, NAT gateway or internet gateway, Elastic
 * IP; and below it the EFS mount-target security groups, mount targets and file systems, with the
 * address ranges those groups admit. Edges into a security group carry the ports its inbound rules
 * open to the source. A node is failing when a
 * {@code FAIL} finding is about it (its resource id equals the node's id or ARN, or ends in
 * {@code /id}).
 *
 * <p>A pure function of the inventory and the findings; an absent inventory gives an empty picture.
 */
public record NetworkPicture(int width, int height, int lowerBandY, List<Column> columns, List<Node> nodes, List<Edge> edges) {

  /** A column heading. */
  public record Column(String title, int x) {}

  /**
   * @param label the first line (an id), cut to fit; {@code title} has the full text
   * @param detail the second line (name tag, IP, CIDR, state)
   */
  public record Node(String key, String kind, String label, String detail, String title,
      int x, int y, int w, int h, boolean failing) {}

  /** A line from the right side of one node to the left side of another; {@code label} may be empty. */
  public record Edge(int x1, int y1, int x2, int y2, String label, int labelX, int labelY, boolean failing, boolean dashed) {}

  static final int NODE_W = 165;
  static final int NODE_H = 44;
  static final int COL_W = 230;
  static final int ROW_H = 62;
  static final int TOP = 46;
  static final int MAX_PER_COLUMN = 12;
  private static final String[] MAIN_COLUMNS = {
    "Runner", "Task security group", "CI subnet", "Route table", "NAT / internet gateway", "Elastic IP"};

  public static final NetworkPicture EMPTY = new NetworkPicture(0, 0, 0, List.of(), List.of(), List.of());

  public boolean isEmpty() {
    return nodes.isEmpty();
  }

  public static NetworkPicture of(Inventory inv, Collection<Finding> findings) {
    if (inv == null) return EMPTY;
    return new Builder(inv, findings).build();
  }

  private static final class Builder {
    private final Inventory inv;
    private final Set<String> failingIds = new HashSet<>();
    private final Map<String, SecurityGroup> sgs;
    private final Map<String, Subnet> subnets;
    private final Map<String, NetworkInterface> enis;
    private final Map<String, NatGateway> nats;
    private final Map<String, ElasticIp> eipsByAllocation;
    private final Map<String, EfsFileSystem> fileSystems;
    private Map<String, RouteTable> tableBySubnet;
    private Map<String, RouteTable> mainTableByVpc;
    private final Set<String> walkedTables = new HashSet<>();
    private NetworkIndex ciNetworks;

    /** Nodes per (band, column), in insertion order; a key appears once. */
    private final Map<String, PendingNode> pending = new LinkedHashMap<>();
    private final Set<List<String>> pendingEdges = new LinkedHashSet<>();
    private final Map<List<String>, String> edgeLabels = new HashMap<>();
    private final Set<List<String>> dashedEdges = new HashSet<>();

    /** Nodes inserted per (band, column): the first {@link #MAX_PER_COLUMN} of each are drawn. */
    private final int[][] inserted = new int[2][MAIN_COLUMNS.length];

    /** A node's two lines. */
    private record Text(String label, String detail) {}

    /** @param drawn whether the node is among the first {@link #MAX_PER_COLUMN} of its column, fixed when it is added */
    private record PendingNode(String key, String kind, String label, String detail, String arn, int band, int column,
        boolean drawn) {}

    Builder(Inventory inv, Collection<Finding> findings) {
      this.inv = inv;
      for (Finding f : findings) {
        if (f.status() == Status.FAIL && f.resource() != null && f.resource().id() != null) {
          String id = f.resource().id();
          failingIds.add(id);
          failingIds.add(id.substring(id.lastIndexOf('/') + 1));
        }
      }
      sgs = Derivation.index(inv.securityGroups(), SecurityGroup::id);
      subnets = Derivation.index(inv.subnets(), Subnet::id);
      enis = Derivation.index(inv.networkInterfaces(), NetworkInterface::id);
      nats = Derivation.index(inv.natGateways(), NatGateway::id);
      eipsByAllocation = Derivation.index(inv.elasticIps(), ElasticIp::allocationId);
      fileSystems = Derivation.index(inv.efsFileSystems(), EfsFileSystem::id);
    }

    NetworkPicture build() {
      Map<String, Set<String>> subnetsBySg = ciSubnetsBySecurityGroup();
      Set<String> ciSubnetIds = subnetsBySg.values().stream().flatMap(Set::stream)
          .collect(Collectors.toCollection(LinkedHashSet::new));
      List<String> drawnSgs = subnetsBySg.keySet().stream().limit(MAX_PER_COLUMN).toList();

      int runner = 0;
      for (Ec2Instance i : runners(subnetsBySg.keySet())) {
        node(i.id(), "instance", 0, 0, null, () -> new Text(i.id(), "runner " + nz(i.privateIp())));
        if (runner++ >= MAX_PER_COLUMN) continue;
        for (String sgId : drawnSgs) {
          String ports = portsFrom(sgId, r -> i.securityGroupIds().contains(r.source())
              || (i.privateIp() != null && (i.privateIp() + "/32").equals(r.source())));
          edge(i.id(), sgId, ports.isEmpty() ? "no rule" : ports, ports.isEmpty());
        }
      }
      for (Map.Entry<String, Set<String>> e : subnetsBySg.entrySet()) {
        securityGroupNode(e.getKey(), 0, 1);
        for (String subnetId : e.getValue()) {
          subnetNode(subnetId, 0, 2);
          edge(e.getKey(), subnetId, "", false);
        }
      }
      for (String subnetId : ciSubnetIds) egressPath(subnetId);
      efs(drawnSgs, ciSubnetIds);
      internetSources(subnetsBySg.keySet());
      return layout();
    }

    /**
     * The runner hosts: instances that a CI task security group lets in (by security group or
     * address). When no instance is referenced, every collected instance is shown, so a runner with
     * no inbound path still appears (with a dashed "no rule" edge).
     */
    private List<Ec2Instance> runners(Set<String> ciSgIds) {
      Set<String> sources = new HashSet<>();
      List<String> cidrs = new ArrayList<>();
      for (String sgId : ciSgIds) {
        SecurityGroup sg = sgs.get(sgId);
        if (sg == null) continue;
        for (SecurityGroupRule r : sg.inbound()) {
          if (r.source() == null) continue;
          if (sources.add(r.source()) && !Cidrs.isAnywhere(r.source())) cidrs.add(r.source());
        }
      }
      NetworkIndex allowed = NetworkIndex.of(cidrs);
      List<Ec2Instance> referenced = new ArrayList<>();
      for (Ec2Instance i : inv.instances()) {
        boolean byGroup = i.securityGroupIds().stream().anyMatch(sources::contains);
        if (byGroup || (i.privateIp() != null && allowed.anyContains(i.privateIp() + "/32"))) referenced.add(i);
      }
      return referenced.isEmpty() ? inv.instances() : referenced;
    }

    private Map<String, Set<String>> ciSubnetsBySecurityGroup() {
      Map<String, Set<String>> bySg = new LinkedHashMap<>();
      var rc = inv.runnerConfig();
      if (rc != null && rc.securityGroup() != null) {
        for (String sg : split(rc.securityGroup())) {
          bySg.computeIfAbsent(sg, k -> new LinkedHashSet<>()).addAll(split(rc.subnet()));
        }
      }
      for (EcsService s : inv.ecsServices()) {
        if (s.network() == null) continue;
        for (String sg : s.network().securityGroups()) {
          bySg.computeIfAbsent(sg, k -> new LinkedHashSet<>()).addAll(s.network().subnets());
        }
      }
      for (EcsTask t : inv.ecsTasks()) {
        for (TaskEniAttachment a : t.enis()) {
          NetworkInterface eni = enis.get(a.networkInterfaceId());
          if (eni == null) continue;
          String subnet = a.subnetId() != null ? a.subnetId() : eni.subnetId();
          for (String sg : eni.securityGroupIds()) {
            Set<String> s = bySg.computeIfAbsent(sg, k -> new LinkedHashSet<>());
            if (subnet != null) s.add(subnet);
          }
        }
      }
      return bySg;
    }

    private void egressPath(String subnetId) {
      Subnet subnet = subnets.get(subnetId);
      RouteTable table = routeTableOf(subnet, subnetId);
      if (table == null) return;
      node(table.id(), "routeTable", 0, 3, null, () -> new Text(table.id(), defaultRouteSummary(table)));
      edge(subnetId, table.id(), table.main() ? "main table" : "", false);
      // Many CI subnets share a table (a VPC's main table): its routes give the same nodes and edges each time.
      if (!walkedTables.add(table.id())) return;
      for (Route r : table.routes()) {
        boolean v4 = "0.0.0.0/0".equals(r.destinationCidr());
        boolean v6 = "::/0".equals(r.destinationIpv6Cidr());
        if ((!v4 && !v6) || r.targetId() == null) continue;
        String kind = nz(r.targetKind());
        switch (kind) {
          case "nat" -> {
            NatGateway nat = nats.get(r.targetId());
            node(r.targetId(), "nat", 0, 4, null, () -> new Text(r.targetId(),
                nat == null ? "NAT gateway (not found)" : "NAT gateway " + nz(nat.state())));
            edge(table.id(), r.targetId(), r.destination(), false);
            if (nat != null) {
              for (NatGatewayAddress a : nat.addresses()) {
                if (a.publicIp() == null) continue;
                String key = a.allocationId() != null ? a.allocationId() : a.publicIp();
                ElasticIp eip = a.allocationId() == null ? null : eipsByAllocation.get(a.allocationId());
                node(key, "eip", 0, 5, null, () -> new Text(a.publicIp(), eip == null ? "public IP (no EIP)" : "Elastic IP " + key));
                edge(r.targetId(), key, "", false);
              }
            }
          }
          case "igw" -> {
            node(r.targetId(), "igw", 0, 4, null, () -> new Text(r.targetId(), "IGW: no static egress IP"));
            edge(table.id(), r.targetId(), r.destination(), false);
          }
          case "eigw" -> {
            node(r.targetId(), "eigw", 0, 4, null, () -> new Text(r.targetId(), "egress-only IGW (IPv6)"));
            edge(table.id(), r.targetId(), r.destination(), false);
          }
          default -> {
            node(r.targetId(), "other", 0, 4, null, () -> new Text(r.targetId(), kind.isEmpty() ? "route target" : kind));
            edge(table.id(), r.targetId(), r.destination(), false);
          }
        }
      }
    }

    /** The table the subnet is associated with, else its VPC's main table. */
    private RouteTable routeTableOf(Subnet subnet, String subnetId) {
      if (tableBySubnet == null) {
        tableBySubnet = new HashMap<>();
        mainTableByVpc = new HashMap<>();
        for (RouteTable t : inv.routeTables()) {
          for (String id : t.subnetIds()) tableBySubnet.putIfAbsent(id, t);
          if (t.main() && t.vpcId() != null) mainTableByVpc.put(t.vpcId(), t);
        }
      }
      RouteTable associated = tableBySubnet.get(subnetId);
      if (associated != null) return associated;
      return subnet == null || subnet.vpcId() == null ? null : mainTableByVpc.get(subnet.vpcId());
    }

    private static String defaultRouteSummary(RouteTable t) {
      for (Route r : t.routes()) {
        if ("0.0.0.0/0".equals(r.destinationCidr())) {
          return "0.0.0.0/0 → " + nz(r.targetId()) + ("blackhole".equals(r.state()) ? " (blackhole)" : "");
        }
      }
      return "no IPv4 default route";
    }

    /**
     * EFS mount targets, their security groups and file systems, with an edge from each drawn CI task
     * security group that a mount target's group lets in (by group, or by a CIDR that covers a CI subnet).
     */
    private void efs(List<String> ciSgIds, Set<String> ciSubnetIds) {
      Set<String> joinedSgs = new HashSet<>();
      for (EfsMountTarget mt : inv.efsMountTargets()) {
        node(mt.id(), "mountTarget", 1, 3, null,
            () -> new Text(mt.id(), (nz(mt.ipAddress()) + " " + nz(mt.subnetId())).trim()));
        for (String sgId : mt.securityGroupIds()) {
          securityGroupNode(sgId, 1, 2);
          edge(sgId, mt.id(), "", false);
          // Mount targets share their groups; the edges from the CI groups into one are the same each time.
          if (!joinedSgs.add(sgId)) continue;
          for (String ciSg : ciSgIds) {
            String ports = portsFrom(sgId, r -> ciSg.equals(r.source()));
            if (!ports.isEmpty()) edge(ciSg, sgId, ports, false);
          }
          admittedRanges(sgId, ciSubnetIds);
        }
        if (mt.fileSystemId() != null) {
          EfsFileSystem fs = fileSystems.get(mt.fileSystemId());
          node(mt.fileSystemId(), "efs", 1, 4, fs == null ? null : fs.arn(), () -> new Text(mt.fileSystemId(),
              fs == null ? "EFS file system" : (fs.encrypted() ? "encrypted" : "NOT encrypted") + " " + nz(fs.name())));
          edge(mt.id(), mt.fileSystemId(), "", false);
        }
      }
    }

    /**
     * The address ranges a mount-target group admits that cover a CI subnet, each drawn as itself with
     * an edge into the group: the group lets in that range (and whatever else is in it), not the CI
     * task group, and the picture says which.
     */
    private void admittedRanges(String sgId, Set<String> ciSubnetIds) {
      SecurityGroup sg = sgs.get(sgId);
      if (sg == null) return;
      for (SecurityGroupRule r : sg.inbound()) {
        String range = r.source();
        if (range == null || Cidrs.isAnywhere(range) || !ciNetworks(ciSubnetIds).containsAny(range)) continue;
        String key = "cidr:" + range;
        node(key, "cidr", 1, 1, null, () -> new Text(range, "range with CI subnets"));
        edge(key, sgId, portsFrom(sgId, x -> range.equals(x.source())), false);
      }
    }

    /** The CI subnets' CIDRs, indexed when a mount target's group first has a rule from an address range. */
    private NetworkIndex ciNetworks(Set<String> ciSubnetIds) {
      if (ciNetworks == null) {
        ciNetworks = NetworkIndex.covering(ciSubnetIds.stream().map(subnets::get)
            .filter(s -> s != null && s.cidrBlock() != null).map(Subnet::cidrBlock).toList());
      }
      return ciNetworks;
    }

    private void internetSources(Set<String> ciSgIds) {
      List<String> candidates = new ArrayList<>(ciSgIds);
      pending.values().stream().filter(n -> n.kind().equals("sg") && n.band() == 1).map(PendingNode::key)
          .forEach(candidates::add);
      for (String sgId : candidates) {
        String ports = portsFrom(sgId, r -> "0.0.0.0/0".equals(r.source()) || "::/0".equals(r.source()));
        if (ports.isEmpty()) continue;
        node("internet", "internet", 1, 0, null, () -> new Text("anywhere", "0.0.0.0/0, ::/0"));
        edge("internet", sgId, ports, false);
      }
    }

    private void securityGroupNode(String sgId, int band, int column) {
      SecurityGroup sg = sgs.get(sgId);
      node(sgId, "sg", band, column, null, () -> new Text(sgId, sg == null ? "security group (not found)" : nz(sg.name())));
    }

    private void subnetNode(String subnetId, int band, int column) {
      Subnet s = subnets.get(subnetId);
      node(subnetId, "subnet", band, column, s == null ? null : s.arn(), () -> new Text(subnetId,
          s == null ? "subnet (not found)" : nz(s.cidrBlock()) + (s.mapPublicIpOnLaunch() ? " auto-public-IP" : "")));
    }

    /** The inbound rules of {@code sgId} whose source matches, as {@code tcp/22, tcp/2049}. */
    private String portsFrom(String sgId, Predicate<SecurityGroupRule> from) {
      SecurityGroup sg = sgs.get(sgId);
      if (sg == null) return "";
      // A loop, not a stream: this runs for every CI task group, and most match no rule.
      TreeSet<String> ports = null;
      for (SecurityGroupRule r : sg.inbound()) {
        if (!from.test(r)) continue;
        if (ports == null) ports = new TreeSet<>();
        ports.add(ports(r));
      }
      return ports == null ? "" : String.join(", ", ports);
    }

    static String ports(SecurityGroupRule r) {
      String p = nz(r.protocol());
      if (p.equals("-1") || p.equalsIgnoreCase("all")) return "all traffic";
      if (r.fromPort() == null) return p;
      return p + "/" + (r.fromPort().equals(r.toPort()) || r.toPort() == null ? r.fromPort() : r.fromPort() + "-" + r.toPort());
    }

    /**
     * Adds a node unless {@code key} is one already. Its text is built only when it will be drawn: in
     * a large estate most nodes are only counted.
     */
    private void node(String key, String kind, int band, int column, String arn, Supplier<Text> text) {
      if (key == null || pending.containsKey(key)) return;
      boolean drawn = inserted[band][column]++ < MAX_PER_COLUMN;
      Text t = drawn ? text.get() : null;
      pending.put(key, new PendingNode(key, kind, t == null ? null : t.label(), t == null ? null : t.detail(), arn, band,
          column, drawn));
    }

    /**
     * An edge between two nodes, kept only while both may be drawn: an end already added but not
     * drawn never will be (at most {@link #MAX_PER_COLUMN} of each column are drawn).
     */
    private void edge(String from, String to, String label, boolean dashed) {
      if (from == null || to == null) return;
      PendingNode fromNode = pending.get(from);
      PendingNode toNode = pending.get(to);
      if ((fromNode != null && !fromNode.drawn()) || (toNode != null && !toNode.drawn())) return;
      List<String> k = List.of(from, to);
      pendingEdges.add(k);
      edgeLabels.merge(k, label == null ? "" : label, (a, b) -> a.isEmpty() ? b : a);
      if (dashed) dashedEdges.add(k);
    }

    private NetworkPicture layout() {
      if (pending.isEmpty()) return EMPTY;
      int[][] rows = new int[2][MAIN_COLUMNS.length];
      int[][] hidden = new int[2][MAIN_COLUMNS.length];
      Map<String, PendingNode> placedPending = new LinkedHashMap<>();
      for (PendingNode n : pending.values()) {
        if (n.drawn()) {
          rows[n.band()][n.column()]++;
          placedPending.put(n.key(), n);
        } else {
          hidden[n.band()][n.column()]++;
        }
      }
      int band0Rows = max(rows[0], hidden[0]);
      int band1Rows = max(rows[1], hidden[1]);
      int band1Top = TOP + band0Rows * ROW_H + (band1Rows > 0 ? 40 : 0);
      int[][] next = new int[2][MAIN_COLUMNS.length];
      Map<String, Node> placed = new LinkedHashMap<>();
      for (PendingNode n : placedPending.values()) {
        int row = next[n.band()][n.column()]++;
        int x = 10 + n.column() * COL_W;
        int y = (n.band() == 0 ? TOP : band1Top) + row * ROW_H;
        String visibleLabel = UntrustedText.visible(nz(n.label()));
        String visibleDetail = UntrustedText.visible(nz(n.detail()));
        boolean failing = failingIds.contains(n.key()) || (n.arn() != null && failingIds.contains(n.arn()));
        placed.put(n.key(), new Node(n.key(), n.kind(), cut(visibleLabel, 24), cut(visibleDetail, 26),
            visibleLabel + (visibleDetail.isEmpty() ? "" : " — " + visibleDetail), x, y, NODE_W, NODE_H, failing));
      }
      List<Node> nodes = new ArrayList<>(placed.values());
      for (int band = 0; band < 2; band++) {
        for (int c = 0; c < MAIN_COLUMNS.length; c++) {
          if (hidden[band][c] == 0) continue;
          int x = 10 + c * COL_W;
          int y = (band == 0 ? TOP : band1Top) + rows[band][c] * ROW_H;
          nodes.add(new Node("more-" + band + "-" + c, "more", "+" + hidden[band][c] + " more", "see findings",
              hidden[band][c] + " more not drawn", x, y, NODE_W, NODE_H, false));
        }
      }
      List<Edge> edges = new ArrayList<>();
      for (List<String> k : pendingEdges) {
        Node a = placed.get(k.get(0));
        Node b = placed.get(k.get(1));
        if (a == null || b == null) continue;
        int x1 = a.x() + a.w();
        int y1 = a.y() + a.h() / 2;
        int x2 = b.x();
        int y2 = b.y() + b.h() / 2;
        String label = UntrustedText.visible(edgeLabels.getOrDefault(k, ""));
        boolean portEdge = b.kind().equals("sg") && !label.isEmpty();
        edges.add(new Edge(x1, y1, x2, y2, cut(label, 30), (x1 + x2) / 2, (y1 + y2) / 2 - 4,
            portEdge && b.failing(), dashedEdges.contains(k)));
      }
      List<Column> columns = new ArrayList<>();
      for (int c = 0; c < MAIN_COLUMNS.length; c++) columns.add(new Column(MAIN_COLUMNS[c], 10 + c * COL_W));
      int height = band1Top + Math.max(band1Rows, 0) * ROW_H + 10;
      return new NetworkPicture(10 + MAIN_COLUMNS.length * COL_W, height, band1Rows > 0 ? band1Top - 12 : 0,
          columns, nodes, edges);
    }

    private static int max(int[] rows, int[] hidden) {
      int m = 0;
      for (int i = 0; i < rows.length; i++) m = Math.max(m, rows[i] + (hidden[i] > 0 ? 1 : 0));
      return m;
    }
  }

  private static String cut(String s, int max) {
    return UntrustedText.visible(s, max);
  }

  private static List<String> split(String s) {
    if (s == null || s.isBlank()) return List.of();
    List<String> out = new ArrayList<>();
    for (String p : s.split(",")) if (!p.isBlank()) out.add(p.trim());
    return out;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
