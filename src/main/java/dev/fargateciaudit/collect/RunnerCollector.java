package dev.fargateciaudit.collect;

import dev.fargateciaudit.inventory.Ec2Instance;
import dev.fargateciaudit.inventory.IamInstanceProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The GitLab Runner manager, first: the running EC2 instances whose {@code Name} tag contains
 * {@code runner} or {@code Runner} (one DescribeInstances per region), their instance profiles, and
 * the runner's roles ({@code ci.runnerRole} and the profiles' roles) with their policies. It runs
 * before ECS because every task definition the runner role may start is CI: the ECS collector
 * reads the role's {@code ecs:RunTask} grants to describe them, started or not.
 */
public final class RunnerCollector implements Collector {
  static final String NAME = "runner";

  @Override
  public String service() {
    return NAME;
  }

  @Override
  public List<String> services() {
    return List.of(Ec2Collector.S, RoleReader.S);
  }

  @Override
  public Set<String> iamActions() {
    Set<String> actions = new TreeSet<>(RoleReader.ACTIONS);
    actions.add("ec2:DescribeInstances");
    actions.add("iam:GetInstanceProfile");
    return actions;
  }

  /**
   * {@code ci.runnerRole} is read beside the runner instances and their instance profiles (it needs
   * neither); then the profiles' roles, those not read already; each role's lists beside its GetRole
   * ({@link RoleReader#readNamed}).
   */
  @Override
  public void collect(Scan scan) {
    String configured = scan.config().ci().runnerRole();
    List<IamInstanceProfile> profiles = new ArrayList<>();
    List<Runnable> both = new ArrayList<>();
    both.add(() -> profiles.addAll(instancesAndProfiles(scan)));
    if (configured != null) both.add(() -> RoleReader.readNamed(scan, List.of(Arns.lastName(configured))));
    scan.together(both);

    Set<String> roleNames = new LinkedHashSet<>();
    profiles.forEach(p -> p.roleArns().forEach(a -> roleNames.add(Arns.lastName(a))));
    RoleReader.readNamed(scan, roleNames);
  }

  private static List<IamInstanceProfile> instancesAndProfiles(Scan scan) {
    scan.forEachRegion(region -> instances(scan, region));
    Set<String> profileNames = new LinkedHashSet<>();
    scan.read(b -> {
      for (Ec2Instance i : b.list(Ec2Instance.class)) {
        if (i.instanceProfileArn() != null) profileNames.add(Arns.lastName(i.instanceProfileArn()));
      }
      return null;
    });
    var iam = scan.clients().iam();
    List<IamInstanceProfile> profiles = new ArrayList<>();
    scan.forEach(RoleReader.S, RoleReader.GLOBAL, profileNames, name ->
        scan.callOrAbsent(RoleReader.S, "GetInstanceProfile", RoleReader.GLOBAL, name, RoleReader.ABSENT,
                () -> iam.getInstanceProfile(r -> r.instanceProfileName(name)))
            .ifPresent(r -> {
              var p = r.instanceProfile();
              IamInstanceProfile record = new IamInstanceProfile(p.arn(), p.instanceProfileName(),
                  p.roles().stream().map(x -> x.arn()).toList());
              synchronized (profiles) {
                profiles.add(record);
              }
            }));
    scan.write(b -> b.addAll(profiles));
    return profiles;
  }

  private static void instances(Scan scan, String region) {
    Ec2Client ec2 = scan.clients().ec2(region);
    List<Instance> runners = new ArrayList<>();
    scan.pages(Ec2Collector.S, "DescribeInstances", region, null,
        () -> ec2.describeInstancesPaginator(r -> r.filters(
            filter("instance-state-name", List.of("running")), filter("tag:Name", List.of("*runner*", "*Runner*")))),
        p -> p.reservations().forEach(res -> runners.addAll(res.instances())));
    scan.write(b -> runners.forEach(i -> b.add(instance(i, region))));
  }

  private static Filter filter(String name, List<String> values) {
    return Filter.builder().name(name).values(values).build();
  }

  private static Ec2Instance instance(Instance i, String region) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (Tag t : i.tags()) tags.put(t.key(), t.value());
    return new Ec2Instance(i.instanceId(), region, i.vpcId(), i.subnetId(), i.privateIpAddress(), i.publicIpAddress(),
        i.securityGroups().stream().map(g -> g.groupId()).toList(),
        i.iamInstanceProfile() == null ? null : i.iamInstanceProfile().arn(),
        i.state() == null ? null : i.state().nameAsString(), tags);
  }
}
