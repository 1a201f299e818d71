package dev.fargateciaudit.cli;

import dev.fargateciaudit.drift.DiffText;
import dev.fargateciaudit.drift.FindingsDiff;
import dev.fargateciaudit.findings.FindingsDocument;
import dev.fargateciaudit.findings.FindingsFile;
import dev.fargateciaudit.findings.Gate;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = DiffCommand.NAME, mixinStandardHelpOptions = true,
    description = {
      "Compares two findings.json files (an earlier and a later run): new failures, fixed, still failing,",
      "and waivers expiring soon. Exit code 0 (2 on bad input). Inventory snapshots are not compared:",
      "audit each snapshot first and diff the findings."
    })
public final class DiffCommand implements Callable<Integer> {
  /** The command's name on the command line. */
  static final String NAME = "diff";

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BEFORE", description = "findings.json of the earlier run.")
  Path before;

  @Parameters(index = "1", paramLabel = "AFTER", description = "findings.json of the later run.")
  Path after;

  @Option(names = "--json", description = "Print the difference as JSON.")
  boolean json;

  @Option(names = "--expiry-window", paramLabel = "DAYS", defaultValue = "14", description = "Report waivers expiring within DAYS (default ${DEFAULT-VALUE}).")
  int windowDays;

  @Option(names = "--today", hidden = true, paramLabel = "DATE", description = "Date used for waiver expiry (tests).")
  LocalDate today;

  @Mixin CommonOptions.Debug debug;

  @Override
  public Integer call() throws IOException {
    if (windowDays < 0) throw new IllegalArgumentException("--expiry-window " + windowDays + " is out of range (expected 0 or more days)");
    FindingsDocument a = read(before);
    FindingsDocument b = read(after);
    FindingsDiff d = FindingsDiff.between(a.findings(), b.findings(), today == null ? LocalDate.now() : today, windowDays);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("before", before.toString());
      doc.put("after", after.toString());
      doc.put("counts", Map.of(
          "newFailures", d.newFailures().size(), "fixed", d.fixed().size(),
          "stillFailing", d.stillFailing().size(), "nowError", d.nowError().size(),
          "expiringWaivers", d.expiringWaivers().size()));
      doc.put("diff", d);
      out.println(Mappers.json().writeValueAsString(doc));
      out.flush();
    } else {
      DiffText.print(d, before.toString(), after.toString(), out);
    }
    return Gate.OK;
  }

  private static FindingsDocument read(Path file) {
    return FindingsFile.read(file);
  }
}
