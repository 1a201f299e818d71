package dev.fargateciaudit.synth;

/**
 * The shape of a synthetic estate of scale {@code n}: how many of each thing it holds.
 *
 * <p>{@code n} task definitions, about n/2 services, 2n running tasks, n/5 security groups,
 * n/10 subnets (each with its route table; two public subnets per VPC carry NAT gateways),
 * n/2 IAM roles with three policies each, n/10 secrets, n/100 ECR repositories, and one VPC,
 * runner host, EFS file system per 1,000. Small scales keep a minimum of each so every area is
 * present.
 */
public record SynthSpec(int scale, long seed) {
  /** Subnets per VPC that are public (they hold the NAT gateways). */
  static final int PUBLIC_SUBNETS_PER_VPC = 2;
  /** Task definition revisions per family. */
  static final int REVISIONS_PER_FAMILY = 10;

  public SynthSpec {
    if (scale < 1) throw new IllegalArgumentException("--scale must be at least 1");
    if (scale > 10_000_000) throw new IllegalArgumentException("--scale must be at most 10000000");
  }

  public int vpcs() { return Math.max(1, scale / 1000); }
  public int subnetsPerVpc() { return Math.max(5, scale / 10 / vpcs()); }
  public int subnets() { return vpcs() * subnetsPerVpc(); }
  public int taskSecurityGroupsPerVpc() { return Math.max(2, scale / 5 / vpcs() - 2); }
  /** Per VPC: one runner group, one EFS mount-target group, and the task groups. */
  public int securityGroupsPerVpc() { return taskSecurityGroupsPerVpc() + 2; }
  public int securityGroups() { return vpcs() * securityGroupsPerVpc(); }
  public int natGateways() { return vpcs() * PUBLIC_SUBNETS_PER_VPC; }
  public int clusters() { return Math.max(1, scale / 10_000); }
  public int taskDefinitions() { return scale; }
  public int services() { return Math.max(1, scale / 2); }
  public int tasks() { return 2 * scale; }
  /** One runner role per VPC, then execution/task role pairs. */
  public int roles() { return Math.max(vpcs() + 2, scale / 2); }
  public int rolePairs() { return Math.max(1, (roles() - vpcs()) / 2); }
  public int secrets() { return Math.max(2, scale / 10); }
  public int ecrRepositories() { return Math.max(1, scale / 100); }
  public int efsFileSystems() { return vpcs(); }
}
