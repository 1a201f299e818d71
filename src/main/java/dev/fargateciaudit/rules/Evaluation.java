package dev.fargateciaudit.rules;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.input.NotYetAvailableException;
import dev.fargateciaudit.inventory.Inventory;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/** Entry point of the evaluate stage: load rules, derive subjects, evaluate, apply waivers. */
public final class Evaluation {
  private Evaluation() {}

  public static EvaluationResult run(
      Inventory inventory, AuditConfig config, List<Path> userRuleDirs, Path waiversFile, LocalDate today) {
    throw new NotYetAvailableException("rule evaluation", 3);
  }
}
