package dev.fargateciaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * README's command summary against the commands' own --help: every option it names exists, and every
 * option a command has is in the summary or among the few the README says it leaves to --help.
 */
class ReadmeCommandsTest {
  /** What README says the summary leaves to --help. */
  static final Set<String> LEFT_TO_HELP = Set.of("--help", "--version", "--debug", "--timings", "--concurrency",
      "--max-attempts", "--connect-timeout", "--call-timeout", "--all-revisions", "--expiry-window");

  static Map<String, Set<String>> readmeOptionsByCommand() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Matcher block = Pattern.compile("(?s)## Commands\\s*```\\n(.*?)```").matcher(readme);
    assertThat(block.find()).as("README has a ## Commands block").isTrue();
    Map<String, Set<String>> byCommand = new LinkedHashMap<>();
    String current = null;
    for (String line : block.group(1).split("\n")) {
      Matcher cmd = Pattern.compile("^fargate-ci-audit (\\S+)").matcher(line);
      if (cmd.find()) current = cmd.group(1);
      Matcher opt = Pattern.compile("--[a-z][a-z-]*").matcher(line);
      Set<String> opts = byCommand.computeIfAbsent(current, k -> new TreeSet<>());
      while (opt.find()) opts.add(opt.group());
    }
    return byCommand;
  }

  @Test
  void theSummaryNamesEveryOptionAndOnlyOptionsThatExist() throws Exception {
    Map<String, Set<String>> readme = readmeOptionsByCommand();
    CommandLine all = Main.commandLine(new String[0]);
    assertThat(readme.keySet()).containsExactlyInAnyOrder("audit", "collect", "rules", "diff", "merge", "iam-policy");
    readme.forEach((command, named) -> {
      CommandLine sub = all.getSubcommands().get(command);
      assertThat(sub).as("README names command %s", command).isNotNull();
      Set<String> real = new TreeSet<>();
      for (OptionSpec o : sub.getCommandSpec().options()) {
        if (o.hidden()) continue;
        for (String n : o.names()) if (n.startsWith("--")) real.add(n);
      }
      assertThat(real).as("options of %s", command).containsAll(named);
      Set<String> missing = new TreeSet<>(real);
      missing.removeAll(named);
      missing.removeAll(LEFT_TO_HELP);
      assertThat(missing).as("options of %s that README's summary neither names nor leaves to --help", command).isEmpty();
    });
  }
}
