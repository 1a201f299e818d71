package dev.fargateciaudit.cli;

import dev.fargateciaudit.input.NotYetAvailableException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "diff", mixinStandardHelpOptions = true, description = "Compares two findings.json files or snapshots: new, fixed, unchanged.")
public final class DiffCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", hidden = true)
  List<String> args;

  @Override
  public Integer call() {
    throw new NotYetAvailableException("'diff'", 6);
  }
}
