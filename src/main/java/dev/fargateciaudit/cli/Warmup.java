package dev.fargateciaudit.cli;

import dev.fargateciaudit.collect.AwsClients;
import dev.fargateciaudit.inventory.InventorySchema;
import dev.fargateciaudit.report.Reporters;
import dev.fargateciaudit.rules.RuleSet;
import java.util.List;

/**
 * Start-up work an audit always needs and that depends on nothing the user typed: compiling the
 * snapshot schema's pre-check (not for {@code --live}, which reads no snapshot), loading the
 * built-in rules (the CEL runtime and their programs) and preparing the report templates; and for a
 * live audit (and {@code collect}, which needs nothing else), first, initialising the AWS SDK
 * ({@link AwsClients#warmUp}), which the first AWS call waits for. On two cores it runs while
 * picocli parses the command line and the config and inventory load, instead of after them. A live
 * audit without {@code --rules} or {@code --waivers} leaves the rules and templates to
 * {@link AuditCommand}, which loads them once its first request has left, when the CPU is free.
 * Failures are ignored here: the same work is done again where it is needed, and fails there with
 * the proper message.
 */
final class Warmup {
  private Warmup() {}

  static void start(String[] args) {
    if (args.length == 0) return;
    boolean audit = args[0].equals("audit");
    List<String> all = List.of(args);
    boolean live = args[0].equals("collect") || audit && all.contains("--live");
    if (!audit && !live) return;
    // Only a hint: an option this misses costs time, not correctness.
    boolean rules = audit && (!live || all.stream().anyMatch(a -> a.startsWith("--rules") || a.startsWith("--waivers")));
    Thread t = new Thread(() -> run(live, rules), "fargate-ci-audit-warmup");
    t.setDaemon(true);
    t.start();
  }

  /**
   * The warm-up's work, on the calling thread (the class-archive training runs it this way).
   *
   * @param sdk initialise the AWS SDK
   * @param rules load the built-in rules and prepare the report templates (and, without {@code sdk},
   *     the snapshot schema)
   */
  static void run(boolean sdk, boolean rules) {
    if (sdk) {
      try {
        AwsClients.warmUp();
      } catch (RuntimeException | LinkageError e) {
        // Building the real clients reports it.
      }
    }
    if (!rules) return;
    if (!sdk) {
      try {
        InventorySchema.prepare();
      } catch (RuntimeException | LinkageError e) {
        // Reported by the snapshot load itself.
      }
    }
    try {
      RuleSet.load(List.of());
    } catch (RuntimeException | LinkageError e) {
      // Reported by the audit itself when it loads the rules.
    }
    Reporters.prepareAll();
  }
}
