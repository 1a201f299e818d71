package dev.fargateciaudit.collect;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Every collector, and the IAM actions they declare together. */
public final class Collectors {
  private Collectors() {}

  public static List<Collector> all() {
    return List.of(new StsCollector(), new EcsCollector(), new EfsCollector(), new SecretsManagerCollector(),
        new EcrCollector(), new Ec2Collector(), new IamCollector());
  }

  /** The union of every collector's declared actions, sorted: exactly what live collection may call. */
  public static Set<String> iamActions() {
    Set<String> out = new TreeSet<>();
    all().forEach(c -> out.addAll(c.iamActions()));
    return out;
  }
}
