package dev.fargateciaudit.collect;

import dev.fargateciaudit.inventory.Ec2Instance;
import dev.fargateciaudit.inventory.EcsService;
import dev.fargateciaudit.inventory.EfsMountTarget;
import dev.fargateciaudit.inventory.NetworkInterface;
import dev.fargateciaudit.inventory.RunnerConfig;
import dev.fargateciaudit.inventory.SecurityGroup;
import dev.fargateciaudit.inventory.SecurityGroupRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * EC2 security groups, last: those of the CI services, the task ENIs ({@link
 * NetworkInterfaceCollector}), the runner config, the runner instances ({@link RunnerCollector})
 * and the EFS mount targets, with their rules' ids; not after the route chain of {@link
 * Ec2NetworkCollector}, which names no group. Every EC2 describe (here and in those) is by id (or
 * VPC) filter, paginated, {@value #FILTER_VALUES} filter values per call; nothing else in the
 * account is read.
 *
 * <p>One DescribeSecurityGroups (and DescribeSecurityGroupRules) batch, once every source is known:
 * the runner config's and runner instances' groups are known a few calls earlier, but the mount
 * targets' only at the end of the EFS chain, and a second batch would cost two calls in every estate
 * with EFS.
 */
public final class Ec2Collector implements Collector {
  static final String S = "ec2";
  static final int FILTER_VALUES = 200;

  @Override
  public String service() {
    return S;
  }

  @Override
  public Set<String> iamActions() {
    return Set.of("ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules");
  }

  @Override
  public List<String> dependsOn() {
    return List.of(NetworkInterfaceCollector.NAME, EfsCollector.S, RunnerCollector.NAME);
  }

  @Override
  public void collect(Scan scan) {
    scan.forEachRegion(region -> collectRegion(scan, region));
  }

  private void collectRegion(Scan scan, String region) {
    Ec2Client ec2 = scan.clients().ec2(region);
    RunnerConfig runner = scan.runner();
    Set<String> groupIds = new LinkedHashSet<>();
    scan.read(b -> {
      for (EcsService s : b.list(EcsService.class)) {
        if (s.region().equals(region) && s.network() != null) groupIds.addAll(s.network().securityGroups());
      }
      for (NetworkInterface n : b.list(NetworkInterface.class)) {
        if (n.region().equals(region)) groupIds.addAll(n.securityGroupIds());
      }
      for (EfsMountTarget m : b.list(EfsMountTarget.class)) {
        if (m.region().equals(region)) groupIds.addAll(m.securityGroupIds());
      }
      for (Ec2Instance i : b.list(Ec2Instance.class)) {
        if (i.region().equals(region)) groupIds.addAll(i.securityGroupIds());
      }
      return null;
    });
    if (EcsClusterCollector.runnerHere(scan, region) && runner.securityGroup() != null) groupIds.add(runner.securityGroup());

    // The groups and their rules' ids (sgr-..., which findings name; the security group rules API lists
    // them one source a rule, as we flatten) by the same group-id filter, together.
    List<SecurityGroup> groups = new ArrayList<>();
    Map<String, String> ruleIds = new ConcurrentHashMap<>();
    List<Runnable> both = List.of(
        () -> describe(scan, region, "DescribeSecurityGroups", "group-id", groupIds,
            f -> ec2.describeSecurityGroupsPaginator(r -> r.filters(f)),
            p -> p.securityGroups().forEach(g -> groups.add(new SecurityGroup(g.groupId(), region,
                g.vpcId(), g.groupName(), g.description(), rules(g.ipPermissions()), rules(g.ipPermissionsEgress()),
                tags(g.tags()))))),
        () -> describe(scan, region, "DescribeSecurityGroupRules", "group-id", groupIds,
            f -> ec2.describeSecurityGroupRulesPaginator(r -> r.filters(f).maxResults(1000)),
            p -> p.securityGroupRules().forEach(r -> ruleIds.putIfAbsent(ruleKey(r), r.securityGroupRuleId()))));
    scan.forEach(S, region, both, Runnable::run);
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
  static <P> void describe(Scan scan, String region, String operation, String filterName,
      Collection<String> ids, Function<Filter, Iterable<P>> paginator, Consumer<P> page) {
    for (List<String> batch : Batches.of(new LinkedHashSet<>(ids), FILTER_VALUES)) {
      scan.pages(S, operation, region, null, () -> paginator.apply(filter(filterName, batch)), page);
    }
  }

  static Filter filter(String name, List<String> values) {
    return Filter.builder().name(name).values(values).build();
  }

  static Map<String, String> tags(List<Tag> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Tag t : tags) out.put(t.key(), t.value());
    return out;
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
