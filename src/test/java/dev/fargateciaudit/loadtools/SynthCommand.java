package dev.fargateciaudit.loadtools;

import dev.fargateciaudit.cli.VersionProvider;
import dev.fargateciaudit.synth.SynthSpec;
import dev.fargateciaudit.synth.SyntheticEstate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "synth", mixinStandardHelpOptions = true,
    description = {
      "Writes a deterministic synthetic inventory snapshot for load tests and demos.",
      "Scale N: N task definitions, N/2 services, 2N running tasks, N/5 security groups, N/10 subnets,",
      "N/2 IAM roles; about 10%% of the items of each area are non-compliant. Same seed, same bytes."
    })
public final class SynthCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--scale", required = true, paramLabel = "N", description = "Number of task definitions (the estate grows with it).")
  int scale;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the inventory JSON.")
  Path out;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--debug", description = "Show stack traces of errors.")
  boolean debug;

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    SyntheticEstate estate = new SyntheticEstate(new SynthSpec(scale, seed), VersionProvider.version());
    estate.write(out);
    long millis = (System.nanoTime() - start) / 1_000_000;
    spec.commandLine().getOut().printf("wrote %s: scale %d, seed %d, %,d bytes in %d ms%n",
        out, scale, seed, Files.size(out), millis);
    return 0;
  }
}
