package dev.fargateciaudit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fargateciaudit.collect.ServiceCollectors;
import dev.fargateciaudit.config.AccountConfig;
import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.config.ConfigLoader;
import dev.fargateciaudit.input.Mappers;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Prints the auditor's own IAM policy: one Allow statement on {@code "*"} listing exactly the
 * read-only actions the collectors declare (and nothing else; a test checks every operation the
 * SDK sends is among them). Generated, so it cannot drift from the code. With {@code --config}, a
 * config that audits other accounts through their roles adds {@code sts:AssumeRole} on exactly
 * those roles, which the identity that runs the audit needs (each role itself needs the read-only
 * statement).
 */
@Command(name = IamPolicyCommand.NAME, mixinStandardHelpOptions = true,
    description = {"Prints the auditor's own read-only IAM policy (exactly the actions live collection calls).",
        "With --config, adds sts:AssumeRole on the roleArn of each of the config's accounts."})
public final class IamPolicyCommand implements Callable<Integer> {
  /** The command's name on the command line. */
  static final String NAME = "iam-policy";

  @Spec CommandSpec spec;

  /** With a config, the policy also lets the auditor assume its accounts' roles. */
  @Mixin CommonOptions.Config config;

  @Mixin CommonOptions.Debug debug;

  /** The policy document for {@code cfg}'s accounts (their roles to assume). */
  public static ObjectNode policy(AuditConfig cfg) {
    ObjectNode doc = policy();
    List<String> roles = cfg.accounts().stream().map(AccountConfig::roleArn).filter(r -> r != null && !r.isBlank())
        .distinct().sorted().toList();
    if (!roles.isEmpty()) {
      ObjectNode assume = ((ArrayNode) doc.get("Statement")).addObject();
      assume.put("Sid", "FargateCiAuditAssumeAuditRoles");
      assume.put("Effect", "Allow");
      assume.put("Action", "sts:AssumeRole");
      ArrayNode resources = assume.putArray("Resource");
      roles.forEach(resources::add);
    }
    return doc;
  }

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
    ObjectNode doc = config.file == null ? policy() : policy(ConfigLoader.load(config.file));
    spec.commandLine().getOut().println(Mappers.json().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
