package dev.fargateciaudit.findings;

import java.util.List;

/**
 * A run against its baseline, by {@link FindingKey}.
 *
 * @param newFailures failures absent from the baseline (the findings marked {@code isNew})
 * @param fixed the baseline's failures that this run no longer has failing (passing, not applicable,
 *     or gone), as the baseline had them
 */
public record BaselineComparison(long newFailures, List<Finding> fixed) {
  public BaselineComparison {
    fixed = List.copyOf(fixed);
  }
}
