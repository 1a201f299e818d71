package dev.fargateciaudit.cli;

import dev.fargateciaudit.findings.Gate;
import dev.fargateciaudit.report.UntrustedText;
import dev.fargateciaudit.rules.CompiledRule;
import dev.fargateciaudit.rules.FixtureRunner;
import dev.fargateciaudit.rules.Rule;
import dev.fargateciaudit.rules.RuleSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = RulesCommand.NAME,
    mixinStandardHelpOptions = true,
    description = "Lists, shows and tests rules (built-in ones plus --rules folders).",
    subcommands = {RulesCommand.ListRules.class, RulesCommand.ShowRule.class, RulesCommand.TestRules.class})
public final class RulesCommand implements Runnable {
  /** The command's name on the command line. */
  static final String NAME = "rules";

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "One line per rule: id, severity, area, title.")
  static final class ListRules implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin CommonOptions.Debug debug;

    @Option(names = "--rules", paramLabel = "DIR", description = "Additional rule folder (repeatable).")
    List<Path> dirs = new ArrayList<>();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      RuleSet set = RuleSet.load(dirs);
      for (CompiledRule r : set.rules()) {
        Rule x = r.rule();
        out.printf("%-16s %-8s %-10s %s%n", x.id(), x.severity().label(), x.area(), UntrustedText.line(x.title(), 200));
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Everything about one rule.")
  static final class ShowRule implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin CommonOptions.Debug debug;

    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--rules", paramLabel = "DIR", description = "Additional rule folder (repeatable).")
    List<Path> dirs = new ArrayList<>();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      var rule = RuleSet.load(dirs).get(id);
      if (rule.isEmpty()) {
        spec.commandLine().getErr().println("fargate-ci-audit: unknown rule '" + id + "' (see 'fargate-ci-audit rules list')");
        return Gate.BAD_INPUT;
      }
      Rule r = rule.get().rule();
      out.println(r.id() + ": " + r.title());
      out.println("  severity: " + r.severity().label() + "   area: " + r.area() + "   subject: " + r.subject());
      out.println("  file: " + r.file());
      if (r.where() != null) out.println("  where: " + r.where());
      out.println("  check: " + r.check());
      out.println("  message: " + r.message());
      out.println();
      out.println("Why it matters:");
      out.println(indent(r.rationale()));
      out.println("How to fix:");
      out.println(indent(r.remediation()));
      out.println("References:");
      r.references().forEach(x -> out.println("  - " + x));
      out.println("Fixtures: " + r.tests().size());
      out.flush();
      return 0;
    }

    private static String indent(String s) {
      return ("  " + s.strip()).replace("\n", "\n  ");
    }
  }

  @Command(name = "test", mixinStandardHelpOptions = true,
      description = {"Runs every rule's fixtures (built-in rules and the rules in DIR...).",
          "Prints 'N passed, M failed'; exit 1 when a fixture fails, 2 when a rule cannot be loaded."})
  static final class TestRules implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin CommonOptions.Debug debug;

    @Parameters(arity = "0..*", paramLabel = "DIR")
    List<Path> dirs = new ArrayList<>();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      RuleSet set = RuleSet.load(dirs);
      int passed = 0;
      int failed = 0;
      for (CompiledRule r : set.rules()) {
        for (FixtureRunner.FixtureResult res : FixtureRunner.run(r)) {
          if (res.passed()) {
            passed++;
          } else {
            failed++;
            out.println("FAIL " + res.ruleId() + " [" + res.fixture() + "]: " + res.problem() + " (" + r.rule().file() + ")");
          }
        }
      }
      out.println(passed + " passed, " + failed + " failed");
      out.flush();
      return failed == 0 ? 0 : Gate.FAILED;
    }
  }
}
