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
  /** The IAM service prefix, e.g. {@code ecs}; also the name other collectors depend on. */
  String service();

  /** Every IAM action this collector may call, e.g. {@code ecs:DescribeServices}. */
  Set<String> iamActions();

  /** Services whose results this one needs. */
  default List<String> dependsOn() {
    return List.of();
  }

  void collect(Scan scan);
}
