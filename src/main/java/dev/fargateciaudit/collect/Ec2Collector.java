package dev.fargateciaudit.collect;

import dev.fargateciaudit.inventory.Ec2Instance;
import dev.fargateciaudit.inventory.EcsService;
import dev.fargateciaudit.inventory.EcsTask;
import dev.fargateciaudit.inventory.EfsMountTarget;
import dev.fargateciaudit.inventory.EgressOnlyInternetGateway;
import dev.fargateciaudit.inventory.ElasticIp;
import dev.fargateciaudit.inventory.InternetGateway;
import dev.fargateciaudit.inventory.NatGateway;
import dev.fargateciaudit.inventory.NatGatewayAddress;
import dev.fargateciaudit.inventory.NetworkInterface;
import dev.fargateciaudit.inventory.Route;
import dev.fargateciaudit.inventory.RouteTable;
import dev.fargateciaudit.inventory.RunnerConfig;
import dev.fargateciaudit.inventory.SecurityGroup;
import dev.fargateciaudit.inventory.SecurityGroupRule;
import dev.fargateciaudit.inventory.Subnet;
import dev.fargateciaudit.inventory.TaskEniAttachment;
import dev.fargateciaudit.inventory.Vpc;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * EC2: the network the CI estate reaches: the subnets of CI services,
 * tasks and the runner config, their VPCs, every route table of those VPCs (so main tables and
 * the NAT gateways' own subnets resolve too), the gateways those routes name, the Elastic IPs
 * of the NAT gateways, the task ENIs, and the security groups of tasks, services, the runner
 * config, the runner instance and the EFS mount targets. Every describe is by id (or VPC)
 * filter, paginated, 200 filter values per call; nothing else in the account is read.
 *
 * <p>The runner instances are found before, by {@link RunnerCollector}; their security groups are read here.
 */
public final class Ec2Collector implements Collector {
  static final String S = "ec2";
  private static final int FILTER_VALUES = 200;

  @Override
  public String service() {
    return S;
  }

  @Override
  public Set<String> iamActions() {
    return Set.of("ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
        "ec2:DescribeVpcs", "ec2:DescribeRouteTables", "ec2:DescribeInternetGateways",
        "ec2:DescribeEgressOnlyInternetGateways", "ec2:DescribeNatGateways", "ec2:DescribeAddresses",
        "ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules");
  }

  @Override
  public List<String> dependsOn() {
    return List.of(EcsCollector.S, EfsCollector.S, RunnerCollector.NAME);
  }

  @Override
  public void collect(Scan scan) {
    scan.forEachRegion(region -> collectRegion(scan, region));
  }

  private void collectRegion(Scan scan, String region) {
    Ec2Client ec2 = scan.clients().ec2(region);
    RunnerConfig runner = scan.runner();
    boolean runnerHere = runner != null && (runner.region() == null || runner.region().equals(region));
    Set<String> subnetIds = new LinkedHashSet<>();
    Set<String> groupIds = new LinkedHashSet<>();
    Set<String> eniIds = new LinkedHashSet<>();
    scan.read(b -> {
      for (EcsService s : b.list(EcsService.class)) {
        if (!s.region().equals(region) || s.network() == null) continue;
        subnetIds.addAll(s.network().subnets());
        groupIds.addAll(s.network().securityGroups());
      }
      for (EcsTask t : b.list(EcsTask.class)) {
        if (!t.region().equals(region)) continue;
        for (TaskEniAttachment a : t.enis()) {
          if (a.networkInterfaceId() != null) eniIds.add(a.networkInterfaceId());
          if (a.subnetId() != null) subnetIds.add(a.subnetId());
        }
      }
      for (EfsMountTarget m : b.list(EfsMountTarget.class)) {
        if (m.region().equals(region)) groupIds.addAll(m.securityGroupIds());
      }
      for (Ec2Instance i : b.list(Ec2Instance.class)) {
        if (i.region().equals(region)) groupIds.addAll(i.securityGroupIds());
      }
      return null;
    });
    if (runnerHere) {
      if (runner.subnet() != null) subnetIds.add(runner.subnet());
      if (runner.securityGroup() != null) groupIds.add(runner.securityGroup());
    }

    List<NetworkInterface> enis = new ArrayList<>();
    describe(scan, region, "DescribeNetworkInterfaces", "network-interface-id", eniIds,
        f -> ec2.describeNetworkInterfacesPaginator(r -> r.filters(f)),
        p -> p.networkInterfaces().forEach(n -> enis.add(new NetworkInterface(n.networkInterfaceId(), region,
            n.vpcId(), n.subnetId(), n.privateIpAddress(),
            n.association() == null ? null : n.association().publicIp(),
            n.ipv6Addresses().stream().map(a -> a.ipv6Address()).toList(),
            n.groups().stream().map(g -> g.groupId()).toList(),
            n.interfaceType() == null ? null : n.interfaceTypeAsString(), n.description(),
            n.attachment() == null ? null : n.attachment().instanceId(),
            n.status() == null ? null : n.statusAsString()))));
    enis.forEach(n -> groupIds.addAll(n.securityGroupIds()));
    scan.write(b -> b.addAll(enis));

    Set<String> vpcIds = new LinkedHashSet<>();
    Set<String> described = new LinkedHashSet<>();
    Consumer<Collection<String>> describeSubnets = ids -> describe(scan, region, "DescribeSubnets", "subnet-id", ids,
        f -> ec2.describeSubnetsPaginator(r -> r.filters(f)),
        p -> p.subnets().forEach(s -> {
          vpcIds.add(s.vpcId());
          described.add(s.subnetId());
          Subnet record = new Subnet(s.subnetId(), s.subnetArn(), region, s.vpcId(), s.availabilityZone(), s.cidrBlock(),
              s.ipv6CidrBlockAssociationSet().stream().map(a -> a.ipv6CidrBlock()).toList(),
              Boolean.TRUE.equals(s.mapPublicIpOnLaunch()), Boolean.TRUE.equals(s.assignIpv6AddressOnCreation()),
              tags(s.tags()));
          scan.write(b -> b.add(record));
        }));
    describeSubnets.accept(subnetIds);

    describe(scan, region, "DescribeVpcs", "vpc-id", vpcIds, f -> ec2.describeVpcsPaginator(r -> r.filters(f)),
        p -> scan.write(b -> p.vpcs().forEach(v -> b.add(new Vpc(v.vpcId(), region, v.cidrBlock(),
            v.ipv6CidrBlockAssociationSet().stream().map(a -> a.ipv6CidrBlock()).toList(),
            Boolean.TRUE.equals(v.isDefault()), tags(v.tags()))))));

    Set<String> natIds = new LinkedHashSet<>();
    Set<String> eigwIds = new LinkedHashSet<>();
    List<RouteTable> tables = new ArrayList<>();
    describe(scan, region, "DescribeRouteTables", "vpc-id", vpcIds, f -> ec2.describeRouteTablesPaginator(r -> r.filters(f)),
        p -> p.routeTables().forEach(t -> {
          List<Route> routes = new ArrayList<>();
          for (var r : t.routes()) {
            Route route = route(r);
            if ("nat".equals(route.targetKind())) natIds.add(route.targetId());
            if ("eigw".equals(route.targetKind())) eigwIds.add(route.targetId());
            routes.add(route);
          }
          boolean main = t.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main()));
          tables.add(new RouteTable(t.routeTableId(), region, t.vpcId(), main,
              t.associations().stream().map(a -> a.subnetId()).filter(s -> s != null).toList(), routes));
        }));
    scan.write(b -> b.addAll(tables));

    describe(scan, region, "DescribeInternetGateways", "attachment.vpc-id", vpcIds,
        f -> ec2.describeInternetGatewaysPaginator(r -> r.filters(f)),
        p -> scan.write(b -> p.internetGateways().forEach(g -> b.add(new InternetGateway(
            g.internetGatewayId(), region, g.attachments().stream().map(a -> a.vpcId()).toList())))));

    describe(scan, region, "DescribeEgressOnlyInternetGateways", "egress-only-internet-gateway-id", eigwIds,
        f -> ec2.describeEgressOnlyInternetGatewaysPaginator(r -> r.filters(f)),
        p -> scan.write(b -> p.egressOnlyInternetGateways().forEach(g -> b.add(
            new EgressOnlyInternetGateway(g.egressOnlyInternetGatewayId(), region,
                g.attachments().stream().map(a -> a.vpcId()).toList())))));

    List<NatGateway> nats = new ArrayList<>();
    describe(scan, region, "DescribeNatGateways", "nat-gateway-id", natIds,
        f -> ec2.describeNatGatewaysPaginator(r -> r.filter(f)),
        p -> p.natGateways().forEach(n -> nats.add(new NatGateway(n.natGatewayId(), region, n.vpcId(), n.subnetId(),
            n.state() == null ? null : n.stateAsString(),
            n.connectivityType() == null ? null : n.connectivityTypeAsString(),
            n.natGatewayAddresses().stream().map(a -> new NatGatewayAddress(a.allocationId(), a.publicIp(),
                a.privateIp(), a.networkInterfaceId())).toList()))));
    scan.write(b -> b.addAll(nats));
    describeSubnets.accept(nats.stream().map(NatGateway::subnetId).filter(s -> s != null && !described.contains(s)).toList());

    Set<String> allocations = new LinkedHashSet<>();
    nats.forEach(n -> n.addresses().forEach(a -> { if (a.allocationId() != null) allocations.add(a.allocationId()); }));
    for (List<String> batch : Batches.of(allocations, FILTER_VALUES)) {
      scan.call(S, "DescribeAddresses", region, null, () -> ec2.describeAddresses(r -> r.filters(filter("allocation-id", batch))))
          .ifPresent(r -> scan.write(b -> r.addresses().forEach(a -> b.add(new ElasticIp(
              a.allocationId(), region, a.publicIp(), a.associationId(), a.networkInterfaceId(), a.instanceId())))));
    }

    List<SecurityGroup> groups = new ArrayList<>();
    describe(scan, region, "DescribeSecurityGroups", "group-id", groupIds,
        f -> ec2.describeSecurityGroupsPaginator(r -> r.filters(f)),
        p -> p.securityGroups().forEach(g -> groups.add(new SecurityGroup(g.groupId(), region,
            g.vpcId(), g.groupName(), g.description(), rules(g.ipPermissions()), rules(g.ipPermissionsEgress()),
            tags(g.tags())))));
    // The rules' ids (sgr-...), which findings name: the security group rules API lists them one source a rule, as we flatten.
    Map<String, String> ruleIds = new java.util.HashMap<>();
    describe(scan, region, "DescribeSecurityGroupRules", "group-id", groups.stream().map(SecurityGroup::id).toList(),
        f -> ec2.describeSecurityGroupRulesPaginator(r -> r.filters(f).maxResults(1000)),
        p -> p.securityGroupRules().forEach(r -> ruleIds.putIfAbsent(ruleKey(r), r.securityGroupRuleId())));
    scan.write(b -> groups.forEach(g -> b.add(new SecurityGroup(g.id(), g.region(), g.vpcId(), g.name(), g.description(),
        withIds(g.id(), false, g.inbound(), ruleIds), withIds(g.id(), true, g.outbound(), ruleIds), g.tags()))));
  }

  /** A rule's identity in both APIs: group, direction, protocol, ports and its one source. */
  private static String ruleKey(String group, boolean egress, String protocol, Integer from, Integer to, String source) {
    String proto = protocol == null ? "" : protocol.equals("all") ? "-1" : protocol;
    boolean all = proto.equals("-1");
    return String.join("|", group, egress ? "out" : "in", proto, all || from == null ? "" : from.toString(),
        all || to == null ? "" : to.toString(), source == null ? "" : source);
  }

  private static String ruleKey(software.amazon.awssdk.services.ec2.model.SecurityGroupRule r) {
    String source = r.cidrIpv4() != null ? r.cidrIpv4() : r.cidrIpv6() != null ? r.cidrIpv6()
        : r.prefixListId() != null ? r.prefixListId()
        : r.referencedGroupInfo() != null ? r.referencedGroupInfo().groupId() : null;
    return ruleKey(r.groupId(), Boolean.TRUE.equals(r.isEgress()), r.ipProtocol(), r.fromPort(), r.toPort(), source);
  }

  private static List<SecurityGroupRule> withIds(String group, boolean egress, List<SecurityGroupRule> rules,
      Map<String, String> ids) {
    List<SecurityGroupRule> out = new ArrayList<>(rules.size());
    for (SecurityGroupRule r : rules) {
      out.add(r.withRuleId(ids.get(ruleKey(group, egress, r.protocol(), r.fromPort(), r.toPort(), r.source()))));
    }
    return out;
  }

  /** One paginated describe per {@value #FILTER_VALUES} ids; none when there is nothing to describe. */
  private static <P> void describe(Scan scan, String region, String operation, String filterName,
      Collection<String> ids, Function<Filter, Iterable<P>> paginator, Consumer<P> page) {
    for (List<String> batch : Batches.of(new LinkedHashSet<>(ids), FILTER_VALUES)) {
      scan.pages(S, operation, region, null, () -> paginator.apply(filter(filterName, batch)), page);
    }
  }

  private static Filter filter(String name, List<String> values) {
    return Filter.builder().name(name).values(values).build();
  }

  private static Map<String, String> tags(List<Tag> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Tag t : tags) out.put(t.key(), t.value());
    return out;
  }

  private static Route route(software.amazon.awssdk.services.ec2.model.Route r) {
    String kind;
    String target;
    if (r.natGatewayId() != null) {
      kind = "nat";
      target = r.natGatewayId();
    } else if (r.egressOnlyInternetGatewayId() != null) {
      kind = "eigw";
      target = r.egressOnlyInternetGatewayId();
    } else if (r.gatewayId() != null) {
      target = r.gatewayId();
      kind = target.equals("local") ? "local" : target.startsWith("igw-") ? "igw"
          : target.startsWith("vgw-") ? "vgw" : target.startsWith("vpce-") ? "vpce" : "other";
    } else if (r.transitGatewayId() != null) {
      kind = "tgw";
      target = r.transitGatewayId();
    } else if (r.vpcPeeringConnectionId() != null) {
      kind = "peering";
      target = r.vpcPeeringConnectionId();
    } else if (r.instanceId() != null) {
      kind = "instance";
      target = r.instanceId();
    } else if (r.networkInterfaceId() != null) {
      kind = "eni";
      target = r.networkInterfaceId();
    } else {
      kind = "other";
      target = null;
    }
    return new Route(r.destinationCidrBlock(), r.destinationIpv6CidrBlock(), r.destinationPrefixListId(), kind, target,
        r.state() == null ? null : r.stateAsString());
  }

  /** One rule per source, as {@link SecurityGroupRule} documents. */
  private static List<SecurityGroupRule> rules(List<IpPermission> permissions) {
    List<SecurityGroupRule> out = new ArrayList<>();
    for (IpPermission p : permissions) {
      String proto = p.ipProtocol();
      Integer from = "-1".equals(proto) ? null : p.fromPort();
      Integer to = "-1".equals(proto) ? null : p.toPort();
      p.ipRanges().forEach(r -> out.add(new SecurityGroupRule(proto, from, to, "cidr4", r.cidrIp(), r.description())));
      p.ipv6Ranges().forEach(r -> out.add(new SecurityGroupRule(proto, from, to, "cidr6", r.cidrIpv6(), r.description())));
      p.userIdGroupPairs().forEach(g -> out.add(new SecurityGroupRule(proto, from, to, "sg", g.groupId(), g.description())));
      p.prefixListIds().forEach(l -> out.add(new SecurityGroupRule(proto, from, to, "prefixList", l.prefixListId(), l.description())));
    }
    return out;
  }
}
