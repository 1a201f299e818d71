package dev.fargateciaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The command-line contract: help on every command, version, and usage errors (exit 2, one line). */
class CommandLineTest {
  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  /** Every subcommand registered on the CLI, so a command added later is covered too. */
  static Stream<String> subcommands() {
    return Main.commandLine(new String[0]).getSubcommands().keySet().stream().filter(c -> !c.equals("help"));
  }

  @Test
  void theContractCommandsAreAllThere() {
    assertThat(subcommands().toList()).contains("audit", "collect", "rules", "diff", "merge", "iam-policy");
  }

  /** Main names each subcommand by a constant, not by reading its annotation: the two must agree. */
  @Test
  void eachSubcommandIsListedUnderItsOwnName() {
    Main.SUBCOMMANDS.forEach((name, command) -> assertThat(new CommandLine(command).getCommandName()).as("%s", command).isEqualTo(name));
  }

  @ParameterizedTest
  @MethodSource("subcommands")
  void everySubcommandPrintsHelp(String command) {
    Run r = run(command, "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("Usage: fargate-ci-audit " + command).contains("-h, --help");
    assertThat(r.err()).isEmpty();
    Run viaHelp = run("help", command);
    assertThat(viaHelp.code()).isZero();
    assertThat(viaHelp.out()).isEqualTo(r.out());
  }

  /** Every command at any depth ({@code rules list} too), as its words on the command line. */
  static Stream<List<String>> commandsAtAnyDepth() {
    List<List<String>> out = new java.util.ArrayList<>();
    addCommands(Main.commandLine(new String[0]), List.of(), out);
    return out.stream();
  }

  private static void addCommands(CommandLine cl, List<String> words, List<List<String>> out) {
    cl.getSubcommands().forEach((name, sub) -> {
      if (name.equals("help")) return;
      List<String> path = new java.util.ArrayList<>(words);
      path.add(name);
      out.add(path);
      addCommands(sub, path, out);
    });
  }

  /**
   * Picocli reports a description it cannot format (an unescaped {@code %}) on the process's own
   * stderr, past the writers a command is given: no shipped command's help may do that.
   */
  @ParameterizedTest
  @MethodSource("commandsAtAnyDepth")
  void noCommandsHelpMakesPicocliWarn(List<String> command) {
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    Run r;
    try {
      List<String> args = new java.util.ArrayList<>(command);
      args.add("--help");
      r = run(args.toArray(String[]::new));
    } finally {
      System.setErr(stderr);
    }
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("Usage: fargate-ci-audit " + String.join(" ", command));
    assertThat(r.err()).isEmpty();
    assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void topLevelHelpListsEveryCommand() {
    Run r = run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("Usage: fargate-ci-audit");
    for (String c : List.of("audit", "collect", "rules", "diff", "merge", "iam-policy")) {
      assertThat(r.out()).containsPattern("(?m)^\\s+" + c + "\\s");
    }
  }

  @Test
  void noCommandPrintsUsage() {
    Run r = run();
    assertThat(r.out()).startsWith("Usage: fargate-ci-audit");
  }

  @Test
  void versionIsTheProjectVersion() {
    Run r = run("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out().trim()).matches("fargate-ci-audit \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @Test
  void unknownOptionIsOneLineAndExitTwo() {
    Run r = run("audit", "--snapshot", "x.json", "--fail-onn", "high");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().toList()).singleElement().asString()
        .startsWith("fargate-ci-audit audit: Unknown options: '--fail-onn', 'high'")
        .contains("did you mean --fail-on")
        .endsWith("see 'fargate-ci-audit audit --help'");
  }

  @Test
  void missingInventorySourceIsOneLineAndExitTwo() {
    Run r = run("audit");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines().toList()).singleElement().asString()
        .contains("--live").contains("--snapshot").endsWith("see 'fargate-ci-audit audit --help'");
  }

  @Test
  void unknownCommandIsOneLineAndExitTwo() {
    Run r = run("audti");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines().toList()).singleElement().asString()
        .startsWith("fargate-ci-audit: Unmatched argument").contains("did you mean audit");
  }

  /** A command that fails for a reason of its own, as a defect of the tool would. */
  @picocli.CommandLine.Command(name = "defect")
  static final class Defect implements java.util.concurrent.Callable<Integer> {
    @picocli.CommandLine.Mixin CommonOptions.Debug debug;

    @Override
    public Integer call() {
      throw new IllegalStateException("a defect");
    }
  }

  private static Run runWithDefect(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine(args);
    cl.addSubcommand(new Defect());
    int code = Main.execute(cl, args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void anInternalErrorExitsFourWithOneLineAndItsStackTraceUnderDebug() {
    Run r = runWithDefect("defect");
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err().lines().toList()).containsExactly(
        "fargate-ci-audit: internal error, a defect of this tool (please report it; --debug shows where): a defect");
    Run debug = runWithDefect("defect", "--debug");
    assertThat(debug.code()).isEqualTo(4);
    assertThat(debug.err()).startsWith("fargate-ci-audit: internal error, a defect of this tool (please report it; --debug shows where): a defect")
        .contains("at dev.fargateciaudit.cli.CommandLineTest$Defect.call");
  }

  @Test
  void helpDocumentsEveryExitCode() {
    Run r = run("--help");
    assertThat(r.out()).contains("Exit codes:").containsPattern("(?m)^\\s+2\\s+bad usage or bad input")
        .containsPattern("(?m)^\\s+4\\s+internal error: a defect of this tool");
    assertThat(run("audit", "--help").out()).contains("4 internal error");
  }

  @Test
  void missingSnapshotFileIsBadInput() {
    Run r = run("audit", "--snapshot", "does-not-exist.json");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().trim()).isEqualTo("does-not-exist.json: file not found");
  }
}
