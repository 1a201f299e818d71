package dev.fargateciaudit.collect;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The minimum number of calls of a scan, as docs/collection.md states it, as a function of the
 * estate's size. Tests compare the calls the SDK really sent with this.
 */
final class CallFormula {
  private CallFormula() {}

  /**
   * One region's CI estate.
   *
   * @param clustersListed clusters in the region when none is configured (ListClusters pages), or -1
   * @param clusters per CI cluster: {services, running tasks}
   * @param natSubnetsOutsideCi whether some NAT gateway sits in a subnet that is not a CI subnet
   * @param revisionsListed the region's ACTIVE task-definition revisions, listed because the runner
   *     may start a pattern of them (ListTaskDefinitions pages), or -1 when the runner may start none
   *     or only revisions named one by one
   * @param parameterNames Parameter Store names CI containers reference (DescribeParameters, 50 a call)
   * @param familiesListed the region's task-definition families with an ACTIVE revision, listed because
   *     {@code ci.taskDefinitionFamilies} is set (ListTaskDefinitionFamilies pages), or -1 when it is not
   * @param accessPointFileSystems file systems a task definition names an access point of (DescribeAccessPoints)
   */
  record Region(int clustersListed, List<int[]> clusters, int taskDefinitions, int fileSystems, int mountTargets,
      int secrets, int ecrRepositories, int enis, int subnets, boolean natSubnetsOutsideCi, int natGateways,
      int natAllocations, int egressOnlyGateways, int securityGroups, int runnerInstances, int revisionsListed,
      int parameterNames, int familiesListed, int accessPointFileSystems) {
    /** A region with no {@code ci.taskDefinitionFamilies} (nothing listed by family) and no access point named. */
    Region(int clustersListed, List<int[]> clusters, int taskDefinitions, int fileSystems, int mountTargets,
        int secrets, int ecrRepositories, int enis, int subnets, boolean natSubnetsOutsideCi, int natGateways,
        int natAllocations, int egressOnlyGateways, int securityGroups, int runnerInstances, int revisionsListed,
        int parameterNames) {
      this(clustersListed, clusters, taskDefinitions, fileSystems, mountTargets, secrets, ecrRepositories, enis, subnets,
          natSubnetsOutsideCi, natGateways, natAllocations, egressOnlyGateways, securityGroups, runnerInstances,
          revisionsListed, parameterNames, -1, 0);
    }
  }

  record Iam(int instanceProfiles, int roles, int inlinePolicies, int managedPolicies) {}

  /**
   * moto 5.2.1 ignores {@code maxResults} of ECS ListClusters, ListServices, ListTasks and
   * ListTaskDefinitions and answers every item in one page; AWS pages them by 100.
   */
  static final int MOTO_ECS_LIST_PAGE = Integer.MAX_VALUE;

  static Map<String, Long> expected(List<Region> regions, Iam iam) {
    return expected(regions, iam, MOTO_ECS_LIST_PAGE);
  }

  static Map<String, Long> expected(List<Region> regions, Iam iam, int ecsListPage) {
    Map<String, Long> m = new TreeMap<>();
    add(m, "sts:GetCallerIdentity", 1);
    for (Region r : regions) {
      if (r.clustersListed() >= 0) add(m, "ecs:ListClusters", pages(r.clustersListed(), ecsListPage));
      add(m, "ecs:DescribeClusters", ceil(r.clusters().size(), 100));
      for (int[] c : r.clusters()) {
        add(m, "ecs:ListServices", pages(c[0], ecsListPage));
        add(m, "ecs:DescribeServices", ceil(c[0], 10));
        add(m, "ecs:ListTasks", pages(c[1], ecsListPage));
        add(m, "ecs:DescribeTasks", ceil(c[1], 100));
      }
      if (r.revisionsListed() >= 0) add(m, "ecs:ListTaskDefinitions", pages(r.revisionsListed(), ecsListPage));
      if (r.familiesListed() >= 0) add(m, "ecs:ListTaskDefinitionFamilies", pages(r.familiesListed(), 100));
      add(m, "ecs:DescribeTaskDefinition", r.taskDefinitions());
      add(m, "elasticfilesystem:DescribeFileSystems", r.fileSystems());
      add(m, "elasticfilesystem:DescribeFileSystemPolicy", r.fileSystems());
      add(m, "elasticfilesystem:DescribeMountTargets", r.fileSystems());
      add(m, "elasticfilesystem:DescribeMountTargetSecurityGroups", r.mountTargets());
      add(m, "elasticfilesystem:DescribeAccessPoints", r.accessPointFileSystems());
      add(m, "secretsmanager:DescribeSecret", r.secrets());
      add(m, "secretsmanager:GetResourcePolicy", r.secrets());
      add(m, "ssm:DescribeParameters", ceil(r.parameterNames(), 50));
      add(m, "ecr:DescribeRepositories", ceil(r.ecrRepositories(), 100));
      add(m, "ecr:GetRepositoryPolicy", r.ecrRepositories());
      add(m, "ec2:DescribeInstances", 1);
      add(m, "ec2:DescribeNetworkInterfaces", ceil(r.enis(), 200));
      add(m, "ec2:DescribeSubnets", ceil(r.subnets(), 200) + (r.natSubnetsOutsideCi() ? 1 : 0));
      int vpcs = r.subnets() > 0 ? 1 : 0;
      add(m, "ec2:DescribeVpcs", vpcs);
      add(m, "ec2:DescribeRouteTables", vpcs);
      add(m, "ec2:DescribeInternetGateways", vpcs);
      add(m, "ec2:DescribeNatGateways", ceil(r.natGateways(), 200));
      add(m, "ec2:DescribeAddresses", ceil(r.natAllocations(), 200));
      add(m, "ec2:DescribeEgressOnlyInternetGateways", ceil(r.egressOnlyGateways(), 200));
      add(m, "ec2:DescribeSecurityGroups", ceil(r.securityGroups(), 200));
      add(m, "ec2:DescribeSecurityGroupRules", ceil(r.securityGroups(), 200));
    }
    add(m, "iam:GetInstanceProfile", iam.instanceProfiles());
    add(m, "iam:GetRole", iam.roles());
    add(m, "iam:ListAttachedRolePolicies", iam.roles());
    add(m, "iam:ListRolePolicies", iam.roles());
    add(m, "iam:GetRolePolicy", iam.inlinePolicies());
    add(m, "iam:GetPolicy", iam.managedPolicies());
    add(m, "iam:GetPolicyVersion", iam.managedPolicies());
    m.values().removeIf(v -> v == 0);
    return m;
  }

  /** A list call is made at least once, even when it returns nothing. */
  private static int pages(int items, int pageSize) {
    return Math.max(1, ceil(items, pageSize));
  }

  private static int ceil(int items, int size) {
    return (int) (((long) items + size - 1) / size);
  }

  private static void add(Map<String, Long> m, String action, long n) {
    m.merge(action, n, Long::sum);
  }
}
