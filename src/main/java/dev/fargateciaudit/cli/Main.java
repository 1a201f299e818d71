package dev.fargateciaudit.cli;

import dev.fargateciaudit.findings.Gate;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.Dates;
import dev.fargateciaudit.input.IoErrors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line. A thin shell: parsing by picocli, work in the feature packages. */
@Command(
    name = "fargate-ci-audit",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Audits GitLab CI estates running on AWS Fargate.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:nothing at or above --fail-on fails",
      "1:the gate fails: a rule at or above --fail-on fails",
      "2:bad usage or bad input (one line naming the file and position)",
      "3:nothing fails, but some rule could not be evaluated (ERROR)",
      "4:internal error: a defect of this tool (--debug shows its stack trace)"},
    exitCodeOnInvalidInput = Gate.BAD_INPUT,
    exitCodeOnExecutionException = Gate.INTERNAL_ERROR)
public final class Main implements Runnable {
  /**
   * Every subcommand by name, in the order help lists them. Named by constants rather than read from
   * their annotations: reading an annotation costs a reflective parse, and this runs before the
   * warm-up thread starts.
   */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    m.put(AuditCommand.NAME, AuditCommand.class);
    m.put(CollectCommand.NAME, CollectCommand.class);
    m.put(RulesCommand.NAME, RulesCommand.class);
    m.put(DiffCommand.NAME, DiffCommand.class);
    m.put(MergeCommand.NAME, MergeCommand.class);
    m.put(IamPolicyCommand.NAME, IamPolicyCommand.class);
    m.put(HELP, CommandLine.HelpCommand.class);
    return m;
  }

  /** The name of picocli's {@link CommandLine.HelpCommand}. */
  private static final String HELP = "help";

  /**
   * The command line for {@code args}. Picocli reflects over every option of every subcommand it is
   * given, a good part of start-up; when the first argument names a subcommand only that one is
   * built. Anything else (help, a typo to suggest a correction for) gets them all.
   */
  static CommandLine commandLine(String[] args) {
    CommandLine cl = new CommandLine(new Main());
    Class<?> only = args.length > 0 && !args[0].equals(HELP) ? SUBCOMMANDS.get(args[0]) : null;
    if (only != null) {
      cl.addSubcommand(only);
    } else {
      SUBCOMMANDS.values().forEach(cl::addSubcommand);
    }
    // After the subcommands: a converter registered here applies to them. Picocli's own messages for
    // these types name java.time's classes and exceptions.
    cl.registerConverter(Duration.class, Main::duration);
    cl.registerConverter(LocalDate.class, Main::date);
    return cl;
  }

  private static Duration duration(String value) {
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (expected ISO-8601, such as PT30S or PT2M)");
    }
  }

  /** Exactly YYYY-MM-DD ({@link Dates#day}), as waivers' expiry dates. */
  private static LocalDate date(String value) {
    return Dates.day(value).orElseThrow(() -> new CommandLine.TypeConversionException("'" + value + "' is not a date (expected YYYY-MM-DD)"));
  }

  public static void main(String[] args) {
    Warmup.start(args);
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = run(args, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command with the given writers and returns its exit code (the in-process test entry). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return execute(commandLine(args), args, out, err);
  }

  /**
   * Runs {@code args} on {@code cl} with this tool's handling of usage errors and failures. All it
   * prints passes through {@link TerminalWriter}.
   */
  static int execute(CommandLine cl, String[] args, PrintWriter rawOut, PrintWriter rawErr) {
    boolean colour = Terminal.colourAllowed();
    PrintWriter out = TerminalWriter.over(rawOut, colour);
    PrintWriter err = TerminalWriter.over(rawErr, colour);
    try {
      return execute(cl, args, out, err, colour);
    } finally {
      out.close();
      err.close();
    }
  }

  private static int execute(CommandLine cl, String[] args, PrintWriter out, PrintWriter err, boolean colour) {
    cl.setOut(out);
    cl.setErr(err);
    cl.setColorScheme(CommandLine.Help.defaultColorScheme(colour ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> handle(ex, cmd, parsed));
    cl.setParameterExceptionHandler(Main::usageError);
    try {
      return cl.execute(args);
    } catch (OutOfMemoryError e) {
      err.println(OUT_OF_MEMORY);
      err.flush();
      return Gate.BAD_INPUT;
    }
  }

  /** A resource failure, not a defect: the input is larger than this JVM's heap allows. */
  static final String OUT_OF_MEMORY = "fargate-ci-audit: out of memory: the input needs more heap than this JVM has"
      + " (raise it with FCA_JAVA_OPTS=-Xmx..., or audit a smaller part of the estate)";

  /** Bad usage: one line naming the problem and where to find the usage, exit 2. */
  private static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    String name = cmd.getCommandSpec().qualifiedName();
    String hint = "";
    if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
      hint = " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)";
    }
    String message = ex.getMessage() == null ? "invalid usage" : ex.getMessage().replaceAll("[\\r\\n]+", " ").trim();
    cmd.getErr().println(name + ": " + message + hint + "; see '" + name + " --help'");
    cmd.getErr().flush();
    return Gate.BAD_INPUT;
  }

  /**
   * A command failed: on bad input or usage (a {@link BadInputException}, an
   * {@link IllegalArgumentException}) or a file that cannot be read or written, one line and exit 2;
   * on anything else, a defect of this tool, "internal error" and exit 4. {@code --debug} adds the
   * stack trace.
   */
  private static int handle(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    boolean debug = parsed.hasMatchedOption("--debug")
        || parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--debug"));
    int code = Gate.BAD_INPUT;
    Throwable cause = unwrap(ex);
    if (cause instanceof BadInputException bad) {
      err.println(bad.oneLine());
    } else if (cause instanceof IllegalArgumentException) {
      err.println("fargate-ci-audit: " + String.valueOf(cause.getMessage()).replaceAll("[\\r\\n]+", " "));
    } else if (cause instanceof IOException || cause instanceof UncheckedIOException) {
      err.println("fargate-ci-audit: " + IoErrors.oneLine((Exception) cause));
    } else if (cause instanceof OutOfMemoryError) {
      err.println(OUT_OF_MEMORY);
    } else {
      err.println("fargate-ci-audit: internal error, a defect of this tool (please report it; --debug shows where): "
          + (cause.getMessage() == null ? "no detail" : cause.getMessage().replaceAll("[\\r\\n]+", " ")));
      code = Gate.INTERNAL_ERROR;
    }
    if (debug) ex.printStackTrace(err);
    err.flush();
    return code;
  }

  /** The failure a wrapper (a future, a task of a pool) carries. */
  private static Throwable unwrap(Throwable ex) {
    Throwable t = ex;
    while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
