package dev.fargateciaudit.loadtools;

import dev.fargateciaudit.cli.VersionProvider;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The load tools: {@code synth} writes a synthetic estate, {@code bench} times the pipeline on
 * such estates, {@code bench-live} times {@code audit --live} against moto. They live in the test sources, not in the release jar; {@code scripts/load-tools}
 * builds and runs them (docs/performance.md).
 */
@Command(name = "load-tools", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 2,
    description = "Synthetic estates and benchmarks for fargate-ci-audit (not part of the release).",
    subcommands = {SynthCommand.class, BenchCommand.class, LiveBenchCommand.class, RecordTrainingCommand.class,
        CommandLine.HelpCommand.class})
public final class LoadTools implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs one tool with the given writers and returns its exit code: 2 for bad usage or a failure. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new LoadTools());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      cmd.getErr().println("load-tools: " + (ex instanceof IllegalArgumentException ? ex.getMessage() : ex.toString()));
      if (parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--debug"))) ex.printStackTrace(cmd.getErr());
      cmd.getErr().flush();
      return 2;
    });
    return cl.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
