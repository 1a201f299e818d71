package dev.fargateciaudit.cli;

import dev.fargateciaudit.input.NotYetAvailableException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "rules", mixinStandardHelpOptions = true, description = "Lists, shows and tests rules.")
public final class RulesCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", hidden = true)
  List<String> args;

  @Override
  public Integer call() {
    throw new NotYetAvailableException("'rules'", 3);
  }
}
