package dev.fargateciaudit.collect;

import java.util.List;
import java.util.Set;

/**
 * Collects one AWS service's part of the CI estate into a {@link Scan}.
 *
 * <p>A collector declares the IAM actions it may call (the {@code iam-policy} command prints
 * their union, and a test checks every operation the SDK really sent is declared) and which
 * collectors must have finished before it starts (it reads what they found to scope its calls).
 * Failed calls never throw out of {@link #collect}: they are collection errors in the scan.
 */
public interface Collector {
  /**
   * The collector's name, which other collectors depend on: the IAM service prefix of the AWS
   * service it reads, e.g. {@code ecs} (the runner collector, which reads EC2 and IAM, is {@code runner}).
   */
  String service();

  /**
   * The AWS services it reads, as collection errors name them: a collector that fails is recorded
   * against each, so that their rules are ERROR, never PASS.
   */
  default List<String> services() {
    return List.of(service());
  }

  /** Every IAM action this collector may call, e.g. {@code ecs:DescribeServices}. */
  Set<String> iamActions();

  /** Services whose results this one needs. */
  default List<String> dependsOn() {
    return List.of();
  }

  void collect(Scan scan);
}
