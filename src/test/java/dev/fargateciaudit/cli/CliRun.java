package dev.fargateciaudit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** One run of the CLI in-process ({@link Main#run}), as a user sees it: exit code, stdout and stderr. */
record CliRun(int code, String out, String err) {
  static CliRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(code, out.toString(), err.toString());
  }

  static CliRun run(List<String> args) {
    return run(args.toArray(String[]::new));
  }

  /** Everything printed, stdout then stderr. */
  String all() {
    return out + err;
  }
}
