package dev.fargateciaudit.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/** What the CLI knows about the terminal it writes to. */
final class Terminal {
  private Terminal() {}

  /** Colour and progress lines only on an interactive terminal, and never when NO_COLOR is set. */
  static boolean interactive(CommandSpec spec) {
    return System.console() != null && System.getenv("NO_COLOR") == null
        && spec.commandLine().getOut() != null;
  }

  static boolean colour(CommandSpec spec) {
    return interactive(spec);
  }

  static PrintWriter progressWriter(CommandSpec spec) {
    return interactive(spec) ? spec.commandLine().getErr() : null;
  }
}
