package dev.fargateciaudit.collect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Every AWS service's collector, in dependency order, and the IAM actions they declare together. */
public final class ServiceCollectors {
  private ServiceCollectors() {}

  /**
   * Every collector, each after the collectors it {@link Collector#dependsOn depends on}.
   *
   * @throws IllegalStateException when a collector depends on a service no collector has, or
   *     collectors depend on each other in a cycle (a defect of this program, found before any call)
   */
  public static List<Collector> all() {
    return inDependencyOrder(List.of(new StsCollector(), new RunnerCollector(), new EcsClusterCollector(),
        new ConfiguredTaskDefinitionsCollector(),
        new Ec2NetworkCollector(), new NetworkInterfaceCollector(), new EcsCollector(), new EfsCollector(), new SecretsManagerCollector(), new SsmCollector(),
        new EcrCollector(), new Ec2Collector(), new IamCollector()));
  }

  /** The union of every collector's declared actions, sorted: exactly what live collection may call. */
  public static Set<String> iamActions() {
    Set<String> out = new TreeSet<>();
    all().forEach(c -> out.addAll(c.iamActions()));
    return out;
  }

  /**
   * {@code collectors} sorted topologically by {@link Collector#dependsOn}: each after its
   * dependencies, and otherwise in the order given.
   *
   * @throws IllegalStateException on an unknown dependency or a cycle, naming it
   */
  static List<Collector> inDependencyOrder(List<Collector> collectors) {
    Map<String, Collector> byService = new LinkedHashMap<>();
    for (Collector c : collectors) {
      if (byService.putIfAbsent(c.service(), c) != null) {
        throw new IllegalStateException("two collectors for service '" + c.service() + "'");
      }
    }
    for (Collector c : collectors) {
      for (String d : c.dependsOn()) {
        if (!byService.containsKey(d)) {
          throw new IllegalStateException("collector '" + c.service() + "' depends on '" + d
              + "', which no collector provides (collectors: " + String.join(", ", byService.keySet()) + ")");
        }
      }
    }
    List<Collector> ordered = new ArrayList<>(collectors.size());
    Set<String> done = new HashSet<>();
    for (Collector c : collectors) visit(c, byService, done, new ArrayList<>(), ordered);
    return List.copyOf(ordered);
  }

  /** Depth-first: {@code c}'s dependencies, then {@code c}; {@code path} is the chain being visited. */
  private static void visit(Collector c, Map<String, Collector> byService, Set<String> done, List<String> path,
      List<Collector> ordered) {
    if (done.contains(c.service())) return;
    int at = path.indexOf(c.service());
    if (at >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
      cycle.add(c.service());
      throw new IllegalStateException("collectors depend on each other in a cycle: " + String.join(" -> ", cycle));
    }
    path.add(c.service());
    for (String d : c.dependsOn()) visit(byService.get(d), byService, done, path, ordered);
    path.remove(path.size() - 1);
    done.add(c.service());
    ordered.add(c);
  }
}
