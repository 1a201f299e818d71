package dev.fargateciaudit.cli;

import dev.fargateciaudit.input.NotYetAvailableException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "merge", mixinStandardHelpOptions = true, description = "Merges per-account results into one report.")
public final class MergeCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", hidden = true)
  List<String> args;

  @Override
  public Integer call() {
    throw new NotYetAvailableException("'merge'", 6);
  }
}
