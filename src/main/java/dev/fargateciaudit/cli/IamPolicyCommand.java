package dev.fargateciaudit.cli;

import dev.fargateciaudit.input.NotYetAvailableException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "iam-policy", mixinStandardHelpOptions = true, description = "Prints the auditor's own read-only IAM policy.")
public final class IamPolicyCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", hidden = true)
  List<String> args;

  @Override
  public Integer call() {
    throw new NotYetAvailableException("'iam-policy'", 5);
  }
}
