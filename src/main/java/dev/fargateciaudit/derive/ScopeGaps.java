package dev.fargateciaudit.derive;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.inventory.EcsCluster;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.RunnerConfig;
import dev.fargateciaudit.inventory.TaskDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * What makes an audit's scope incomplete rather than merely small: a configured reference that
 * names nothing (a cluster of {@code ci.clusters}, a family glob of
 * {@code ci.taskDefinitionFamilies}, {@code ci.runnerRole}, the runner config's cluster, task
 * definition, subnet or security group), a runner config whose runner role is neither configured
 * nor found through a runner instance or a runner manager's task role ({@link RunnerManagers}: the
 * runner's own rules would judge nothing; several such roles are not guessed between), and an estate
 * with no CI task definition at all. Each is one line saying what was not found and where the tool
 * looked (account, region): a typo or the wrong account must not read as a clean estate (exit 3
 * unless {@code --allow-incomplete}).
 */
final class ScopeGaps {
  private ScopeGaps() {}

  static List<String> of(Inventory inv, AuditConfig cfg, EstateIndex ix) {
    String account = inv.meta() == null || inv.meta().accountId() == null ? "unknown" : inv.meta().accountId();
    List<String> regions = inv.meta() == null || inv.meta().regions().isEmpty() ? cfg.regions() : inv.meta().regions();
    String where = "in account " + account + ", " + regions(regions);
    List<String> gaps = new ArrayList<>();
    for (String c : cfg.ci().clusters()) {
      if (!clusterExists(inv, c)) gaps.add("cluster " + c + " (ci.clusters) not found " + where);
    }
    for (String glob : cfg.ci().taskDefinitionFamilies()) {
      boolean found = inv.taskDefinitions().stream().anyMatch(td -> td.family() != null && IamPatterns.glob(glob, td.family()));
      if (!found) gaps.add("no task-definition family matches " + glob + " (ci.taskDefinitionFamilies) " + where);
    }
    String runnerRole = cfg.ci().runnerRole();
    if (runnerRole != null && ix.runnerRole == null) {
      gaps.add("role " + runnerRole + " (ci.runnerRole) not found in account " + account);
    }
    RunnerConfig rc = inv.runnerConfig();
    if (rc != null) {
      String file = rc.source() != null && rc.source().file() != null ? rc.source().file() : "fargate.toml";
      String here = "in account " + account + ", " + (rc.region() != null ? "region " + rc.region() : regions(regions));
      if (rc.cluster() != null && ix.cluster(rc.cluster()) == null) {
        gaps.add("cluster " + rc.cluster() + " (Cluster of " + file + ") not found " + here);
      }
      if (rc.taskDefinition() != null && ix.runnerTd == null) {
        gaps.add("task definition " + rc.taskDefinition() + " (TaskDefinition of " + file + ") not found " + here);
      }
      if (rc.subnet() != null && !ix.subnets.containsKey(rc.subnet())) {
        gaps.add("subnet " + rc.subnet() + " (Subnet of " + file + ") not found " + here);
      }
      if (rc.securityGroup() != null && !ix.securityGroups.containsKey(rc.securityGroup())) {
        gaps.add("security group " + rc.securityGroup() + " (SecurityGroup of " + file + ") not found " + here);
      }
      if (runnerRole == null && ix.managerRoles.size() > 1) {
        List<String> found = ix.managerRoles.stream().map(m -> m.roleArn() + " (" + m.reason() + ")").toList();
        gaps.add("several runner roles found for " + file + " " + where + ": " + String.join("; ", found)
            + ": what the runner may pass and start is not audited; name one in ci.runnerRole");
      } else if (runnerRole == null && ix.runnerRole == null) {
        gaps.add("no runner role found for " + file + " " + where + " (no ci.runnerRole, none through the instance profile"
            + " of a running instance whose Name tag or profile says runner, and no ECS service or task in a CI cluster that runs"
            + " GitLab Runner with a task role that was read): what the runner may pass and start is not audited; name its role in ci.runnerRole");
      }
    }
    if (ix.ciTaskDefinitions.isEmpty()) gaps.add("no CI task definition found " + where + " (" + lookedAt(inv, cfg, ix) + ")");
    return List.copyOf(gaps);
  }

  private static boolean clusterExists(Inventory inv, String ref) {
    for (EcsCluster c : inv.ecsClusters()) {
      if (ref.equals(c.name()) || ref.equals(c.arn())) return true;
    }
    return false;
  }

  /** Where CI task definitions were looked for, in the words of the scope rules. */
  private static String lookedAt(Inventory inv, AuditConfig cfg, EstateIndex ix) {
    List<String> parts = new ArrayList<>();
    parts.add(ix.ciClusters.isEmpty() ? "no CI cluster" : "services and running tasks of " + ix.ciClusters.size()
        + " CI cluster(s)");
    parts.add(cfg.ci().taskDefinitionFamilies().isEmpty() ? "no ci.taskDefinitionFamilies"
        : "families " + String.join(", ", cfg.ci().taskDefinitionFamilies()));
    parts.add(inv.runnerConfig() == null ? "no runner config" : "the runner config");
    parts.add(ix.runnerRole == null ? "no runner role" : "what runner role " + ix.runnerRole.name() + " may start");
    long total = inv.taskDefinitions().stream().map(TaskDefinition::arn).distinct().count();
    if (total > 0) parts.add(total + " task definition(s) read, none of them CI");
    return String.join("; ", parts);
  }

  private static String regions(List<String> regions) {
    if (regions.isEmpty()) return "the default region";
    return (regions.size() == 1 ? "region " : "regions ") + String.join(", ", regions);
  }
}
