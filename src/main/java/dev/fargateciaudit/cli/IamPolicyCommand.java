package dev.fargateciaudit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fargateciaudit.collect.ServiceCollectors;
import dev.fargateciaudit.input.Mappers;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Prints the auditor's own IAM policy: one Allow statement on {@code "*"} listing exactly the
 * read-only actions the collectors declare (and nothing else; a test checks every operation the
 * SDK sends is among them). Generated, so it cannot drift from the code.
 */
@Command(name = "iam-policy", mixinStandardHelpOptions = true,
    description = "Prints the auditor's own read-only IAM policy (exactly the actions live collection calls).")
public final class IamPolicyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin CommonOptions.Debug debug;

  /** The policy document. */
  public static ObjectNode policy() {
    ObjectNode doc = Mappers.json().createObjectNode();
    doc.put("Version", "2012-10-17");
    ObjectNode statement = doc.putArray("Statement").addObject();
    statement.put("Sid", "FargateCiAuditReadOnly");
    statement.put("Effect", "Allow");
    ArrayNode actions = statement.putArray("Action");
    ServiceCollectors.iamActions().forEach(actions::add);
    statement.put("Resource", "*");
    return doc;
  }

  @Override
  public Integer call() throws Exception {
    spec.commandLine().getOut().println(Mappers.json().writerWithDefaultPrettyPrinter().writeValueAsString(policy()));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
