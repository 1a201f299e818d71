package dev.fargateciaudit.collect;

import static dev.fargateciaudit.collect.Ec2Collector.S;
import static dev.fargateciaudit.collect.Ec2Collector.describe;

import dev.fargateciaudit.inventory.EcsTask;
import dev.fargateciaudit.inventory.NetworkInterface;
import dev.fargateciaudit.inventory.TaskEniAttachment;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * EC2, the running CI tasks' network interfaces (DescribeNetworkInterfaces by id, as {@link
 * Ec2Collector} describes): one call after the tasks are described. A collector of its own so that
 * the security groups, which need the interfaces' groups, do not wait for the route chain of
 * {@link Ec2NetworkCollector}.
 */
public final class NetworkInterfaceCollector implements Collector {
  static final String NAME = "ec2-enis";

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
    return Set.of("ec2:DescribeNetworkInterfaces");
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
    Set<String> eniIds = new LinkedHashSet<>();
    scan.read(b -> {
      for (EcsTask t : b.list(EcsTask.class)) {
        if (!t.region().equals(region)) continue;
        for (TaskEniAttachment a : t.enis()) {
          if (a.networkInterfaceId() != null) eniIds.add(a.networkInterfaceId());
        }
      }
      return null;
    });
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
    scan.write(b -> b.addAll(enis));
  }
}
