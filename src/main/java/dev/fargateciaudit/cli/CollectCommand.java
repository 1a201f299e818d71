package dev.fargateciaudit.cli;

import dev.fargateciaudit.collect.LiveCollection;
import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.config.ConfigLoader;
import dev.fargateciaudit.findings.Gate;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryJson;
import dev.fargateciaudit.output.OutputPaths;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = CollectCommand.NAME, mixinStandardHelpOptions = true,
    description = "Collects the CI estate of a live account into an inventory snapshot.")
public final class CollectCommand implements Callable<Integer> {
  /** The command's name on the command line. */
  static final String NAME = "collect";

  @Spec CommandSpec spec;

  @Mixin CommonOptions.Config config;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write inventory.json.")
  Path out;

  @Option(names = "--allow-incomplete", description = "Exit 0 rather than 3 when some call failed.")
  boolean allowIncomplete;

  @Mixin CommonOptions.Debug debug;

  @Mixin LiveMixin liveOptions;

  @Override
  public Integer call() throws Exception {
    liveOptions.validate();
    if (config.file != null && OutputPaths.same(out, config.file)) {
      throw new IllegalArgumentException("--out " + out + " would replace the input --config " + config.file);
    }
    AuditConfig cfg = ConfigLoader.load(config.file);
    Inventory inventory = LiveCollection.collect(cfg, liveOptions.toOptions(Terminal.progressWriter(spec)), config.file);
    InventoryJson.save(inventory, out);
    var meta = inventory.meta();
    spec.commandLine().getOut().printf("wrote %s: %d API calls, %d collection errors%n",
        out, meta == null ? 0 : meta.totalApiCalls(), inventory.collectionErrors().size());
    return inventory.collectionErrors().isEmpty() || allowIncomplete ? Gate.OK : Gate.INCOMPLETE;
  }
}
