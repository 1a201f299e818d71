package dev.fargateciaudit.cli;

import dev.fargateciaudit.inventory.InventorySchema;
import dev.fargateciaudit.report.Reporters;
import dev.fargateciaudit.rules.RuleSet;
import java.util.List;

/**
 * Start-up work an audit always needs and that depends on nothing the user typed: compiling the
 * snapshot schema, loading the built-in rules (the CEL runtime and 55 programs) and preparing the
 * report templates. On two cores
 * it runs while picocli parses the command line and the inventory loads, instead of after them.
 * Failures are ignored here: the same work is done again where it is needed, and fails there with
 * the proper message.
 */
final class Warmup {
  private Warmup() {}

  static void start(String[] args) {
    if (args.length == 0 || !"audit".equals(args[0])) return;
    Thread t = new Thread(Warmup::run, "fargate-ci-audit-warmup");
    t.setDaemon(true);
    t.start();
  }

  private static void run() {
    try {
      InventorySchema.schema();
    } catch (RuntimeException | LinkageError e) {
      // Reported by the snapshot load itself.
    }
    try {
      RuleSet.load(List.of());
    } catch (RuntimeException | LinkageError e) {
      // Reported by the audit itself when it loads the rules.
    }
    Reporters.prepareAll();
  }
}
