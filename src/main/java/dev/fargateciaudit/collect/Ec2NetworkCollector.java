package dev.fargateciaudit.collect;

import static dev.fargateciaudit.collect.Ec2Collector.S;
import static dev.fargateciaudit.collect.Ec2Collector.describe;
import static dev.fargateciaudit.collect.Ec2Collector.filter;
import static dev.fargateciaudit.collect.Ec2Collector.tags;

import dev.fargateciaudit.inventory.EcsService;
import dev.fargateciaudit.inventory.EcsTask;
import dev.fargateciaudit.inventory.EgressOnlyInternetGateway;
import dev.fargateciaudit.inventory.ElasticIp;
import dev.fargateciaudit.inventory.InternetGateway;
import dev.fargateciaudit.inventory.NatGateway;
import dev.fargateciaudit.inventory.NatGatewayAddress;
import dev.fargateciaudit.inventory.Route;
import dev.fargateciaudit.inventory.RouteTable;
import dev.fargateciaudit.inventory.RunnerConfig;
import dev.fargateciaudit.inventory.Subnet;
import dev.fargateciaudit.inventory.TaskEniAttachment;
import dev.fargateciaudit.inventory.Vpc;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * EC2, the network the CI workloads sit in (it needs only the ECS services and tasks, and the
 * runner config): the subnets of CI services, tasks and the runner config; their VPCs, every route
 * table of those VPCs (so main tables and the NAT gateways' own subnets resolve too) and their
 * internet gateways; the NAT and egress-only gateways routes name; the NAT gateways' subnets and
 * Elastic IPs. Four calls deep, each step's calls together: subnets; VPCs, route tables and
 * internet gateways; NAT and egress-only gateways; the NAT gateways' subnets and addresses. The
 * task ENIs are read by {@link NetworkInterfaceCollector}, the security groups by {@link Ec2Collector}.
 *
 * <p>The subnets are described once all are known (the workloads'), not the runner config's at
 * once: a second DescribeSubnets for the tasks' subnets would cost a call in every estate with tasks.
 */
public final class Ec2NetworkCollector implements Collector {
  static final String NAME = "ec2-network";

  @Override
  public String service() {
    return NAME;
  }

  @Override
  public List<String> services() {
    return List.of(S);
  }

  @Override
  public Set<String> iamActions() {
    return Set.of("ec2:DescribeSubnets", "ec2:DescribeVpcs", "ec2:DescribeRouteTables",
        "ec2:DescribeInternetGateways", "ec2:DescribeEgressOnlyInternetGateways", "ec2:DescribeNatGateways",
        "ec2:DescribeAddresses");
  }

  @Override
  public List<String> dependsOn() {
    return List.of(EcsClusterCollector.NAME);
  }

  @Override
  public void collect(Scan scan) {
    scan.forEachRegion(region -> collectRegion(scan, region));
  }

  private void collectRegion(Scan scan, String region) {
    Ec2Client ec2 = scan.clients().ec2(region);
    RunnerConfig runner = scan.runner();
    Set<String> subnetIds = new LinkedHashSet<>();
    scan.read(b -> {
      for (EcsService s : b.list(EcsService.class)) {
        if (s.region().equals(region) && s.network() != null) subnetIds.addAll(s.network().subnets());
      }
      for (EcsTask t : b.list(EcsTask.class)) {
        if (!t.region().equals(region)) continue;
        for (TaskEniAttachment a : t.enis()) {
          if (a.subnetId() != null) subnetIds.add(a.subnetId());
        }
      }
      return null;
    });
    if (EcsClusterCollector.runnerHere(scan, region) && runner.subnet() != null) subnetIds.add(runner.subnet());

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

    Runnable describeVpcs = () -> describe(scan, region, "DescribeVpcs", "vpc-id", vpcIds, f -> ec2.describeVpcsPaginator(r -> r.filters(f)),
        p -> scan.write(b -> p.vpcs().forEach(v -> b.add(new Vpc(v.vpcId(), region, v.cidrBlock(),
            v.ipv6CidrBlockAssociationSet().stream().map(a -> a.ipv6CidrBlock()).toList(),
            Boolean.TRUE.equals(v.isDefault()), tags(v.tags()))))));

    Set<String> natIds = new LinkedHashSet<>();
    Set<String> eigwIds = new LinkedHashSet<>();
    List<RouteTable> tables = new ArrayList<>();
    Runnable describeRouteTables = () -> describe(scan, region, "DescribeRouteTables", "vpc-id", vpcIds, f -> ec2.describeRouteTablesPaginator(r -> r.filters(f)),
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
    Runnable describeInternetGateways = () -> describe(scan, region, "DescribeInternetGateways", "attachment.vpc-id", vpcIds,
        f -> ec2.describeInternetGatewaysPaginator(r -> r.filters(f)),
        p -> scan.write(b -> p.internetGateways().forEach(g -> b.add(new InternetGateway(
            g.internetGatewayId(), region, g.attachments().stream().map(a -> a.vpcId()).toList())))));
    scan.forEach(S, region, List.of(describeVpcs, describeRouteTables, describeInternetGateways), Runnable::run);
    scan.write(b -> b.addAll(tables));

    Runnable describeEgressOnly = () -> describe(scan, region, "DescribeEgressOnlyInternetGateways", "egress-only-internet-gateway-id", eigwIds,
        f -> ec2.describeEgressOnlyInternetGatewaysPaginator(r -> r.filters(f)),
        p -> scan.write(b -> p.egressOnlyInternetGateways().forEach(g -> b.add(
            new EgressOnlyInternetGateway(g.egressOnlyInternetGatewayId(), region,
                g.attachments().stream().map(a -> a.vpcId()).toList())))));

    List<NatGateway> nats = new ArrayList<>();
    Runnable describeNats = () -> describe(scan, region, "DescribeNatGateways", "nat-gateway-id", natIds,
        f -> ec2.describeNatGatewaysPaginator(r -> r.filter(f)),
        p -> p.natGateways().forEach(n -> nats.add(new NatGateway(n.natGatewayId(), region, n.vpcId(), n.subnetId(),
            n.state() == null ? null : n.stateAsString(),
            n.connectivityType() == null ? null : n.connectivityTypeAsString(),
            n.natGatewayAddresses().stream().map(a -> new NatGatewayAddress(a.allocationId(), a.publicIp(),
                a.privateIp(), a.networkInterfaceId())).toList()))));
    scan.forEach(S, region, List.of(describeEgressOnly, describeNats), Runnable::run);
    scan.write(b -> b.addAll(nats));

    Set<String> allocations = new LinkedHashSet<>();
    nats.forEach(n -> n.addresses().forEach(a -> { if (a.allocationId() != null) allocations.add(a.allocationId()); }));
    List<Runnable> last = new ArrayList<>();
    last.add(() -> describeSubnets.accept(
        nats.stream().map(NatGateway::subnetId).filter(s -> s != null && !described.contains(s)).toList()));
    for (List<String> batch : Batches.of(allocations, Ec2Collector.FILTER_VALUES)) {
      last.add(() -> scan.call(S, "DescribeAddresses", region, null,
              () -> ec2.describeAddresses(r -> r.filters(filter("allocation-id", batch))))
          .ifPresent(r -> scan.write(b -> r.addresses().forEach(a -> b.add(new ElasticIp(
              a.allocationId(), region, a.publicIp(), a.associationId(), a.networkInterfaceId(), a.instanceId()))))));
    }
    scan.forEach(S, region, last, Runnable::run);
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
}
