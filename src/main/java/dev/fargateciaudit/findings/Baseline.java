package dev.fargateciaudit.findings;

import dev.fargateciaudit.input.NotYetAvailableException;
import java.nio.file.Path;
import java.util.List;

/** Marks failures that a previous run's {@code findings.json} did not have. */
public final class Baseline {
  private Baseline() {}

  public static List<Finding> markNew(List<Finding> findings, Path baselineFindingsJson) {
    throw new NotYetAvailableException("--baseline", 6);
  }
}
