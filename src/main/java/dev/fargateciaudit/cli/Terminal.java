package dev.fargateciaudit.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/** What the CLI knows about the terminal it writes to. */
final class Terminal {
  private Terminal() {}

  /** Colour and progress lines only on an interactive terminal, and never when NO_COLOR is set. */
  static boolean colourAllowed() {
    return System.console() != null && System.getenv("NO_COLOR") == null;
  }

  static boolean interactive(CommandSpec spec) {
    return colourAllowed() && spec.commandLine().getOut() != null;
  }

  static boolean colour(CommandSpec spec) {
    return interactive(spec);
  }

  /** Where the progress line goes: the terminal itself, past {@link TerminalWriter}'s filter (it rewrites its line with CR). */
  static PrintWriter progressWriter(CommandSpec spec) {
    if (!interactive(spec)) return null;
    PrintWriter err = spec.commandLine().getErr();
    return err instanceof TerminalWriter.Filtered f ? f.raw() : err;
  }
}
