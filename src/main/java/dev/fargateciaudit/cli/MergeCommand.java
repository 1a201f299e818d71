package dev.fargateciaudit.cli;

import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.findings.FindingsFile;
import dev.fargateciaudit.findings.Gate;
import dev.fargateciaudit.merge.ReportMerge;
import dev.fargateciaudit.report.Reporters;
import dev.fargateciaudit.report.TerminalSummary;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = MergeCommand.NAME, mixinStandardHelpOptions = true,
    description = {
      "Merges per-account and per-region results (each DIR holds an audit's findings.json) into one",
      "report: one HTML, one JUnit and one findings.json, with account and region on every finding.",
      "The exit code is recomputed over the merged findings, as for audit."
    })
public final class MergeCommand implements Callable<Integer> {
  /** The command's name on the command line. */
  static final String NAME = "merge";

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "DIR", description = "Results folders, each with a findings.json (or the findings.json files).")
  List<Path> dirs = new ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the merged reports.")
  Path out;

  @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "high", description = "critical|high|medium|low|never (default ${DEFAULT-VALUE}).")
  String failOn;

  @Option(names = "--allow-incomplete", description = "Exit 0 rather than 3 when some rule could not be evaluated.")
  boolean allowIncomplete;

  @Option(names = "--format", split = ",", paramLabel = "FORMAT", description = "Reports to write: html,junit,json,codequality (default: html,junit,json).")
  List<String> formats = new ArrayList<>();

  @Option(names = "--quiet", description = "Print nothing but errors.")
  boolean quiet;

  @Mixin CommonOptions.Debug debug;

  @Override
  public Integer call() throws Exception {
    // Options first: a typo in one is said before any shard is read.
    Gate.parseFailOn(failOn);
    Set<String> fmts = Reporters.parseFormats(new LinkedHashSet<>(formats));
    List<ReportMerge.Shard> shards = new ArrayList<>();
    List<Path> inputs = new ArrayList<>();
    for (Path d : dirs) {
      // A results folder or the findings.json in it: both name one shard.
      Path file = java.nio.file.Files.isRegularFile(d) ? d : d.resolve(FindingsFile.NAME);
      shards.add(new ReportMerge.Shard(file.toString(), FindingsFile.read(file)));
      inputs.add(file);
    }
    AuditReport report = ReportMerge.merge(shards, failOn, allowIncomplete, Instant.now());
    List<Path> written = Reporters.writeAll(report, out, fmts, inputs, List.of());
    if (!quiet) TerminalSummary.print(report, written, spec.commandLine().getOut(), false, false);
    return report.meta().exitCode();
  }
}
