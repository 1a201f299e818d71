package dev.fargateciaudit.cli;

import dev.fargateciaudit.baseline.BaselineGate;
import dev.fargateciaudit.baseline.BaselineSource;
import dev.fargateciaudit.collect.LiveCollection;
import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.config.ConfigLoader;
import dev.fargateciaudit.config.RunnerConfigReader;
import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.findings.CiPipeline;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.Gate;
import dev.fargateciaudit.findings.ReportMeta;
import dev.fargateciaudit.findings.RunInputs;
import dev.fargateciaudit.findings.Severity;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryJson;
import dev.fargateciaudit.inventory.RunnerConfig;
import dev.fargateciaudit.inventory.SnapshotFile;
import dev.fargateciaudit.planned.PlannedOverlay;
import dev.fargateciaudit.report.Reporters;
import dev.fargateciaudit.report.TerminalSummary;
import dev.fargateciaudit.report.UntrustedText;
import dev.fargateciaudit.rules.Evaluation;
import dev.fargateciaudit.rules.EvaluationResult;
import dev.fargateciaudit.rules.RuleSet;
import dev.fargateciaudit.rules.Waiver;
import dev.fargateciaudit.rules.WaiverLoader;
import dev.fargateciaudit.output.OutputPaths;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = AuditCommand.NAME,
    mixinStandardHelpOptions = true,
    description = {
      "Audits the CI estate of a live account or a snapshot and writes reports.",
      "Exit codes: 0 nothing at or above --fail-on fails; 1 the gate fails; 2 bad usage or input;",
      "3 nothing fails but some rule could not be evaluated (ERROR), unless --allow-incomplete;",
      "4 internal error (a defect of this tool: please report it, with --debug's stack trace)."
    })
public final class AuditCommand implements Callable<Integer> {
  /** The command's name on the command line. */
  static final String NAME = "audit";

  @Spec CommandSpec spec;

  static final class InventorySourceOptions {
    @Option(names = "--live", required = true, description = "Collect from the AWS account (standard credential chain; AWS_ENDPOINT_URL honoured).")
    boolean live;

    @Option(names = "--snapshot", required = true, paramLabel = "FILE", description = "Audit a saved inventory.json.")
    Path snapshot;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  InventorySourceOptions inventorySource;

  @Mixin CommonOptions.Config config;

  @Option(names = "--planned", paramLabel = "DIR", description = "Overlay the planned change in DIR (task definitions, fargate.toml, IAM policies).")
  Path planned;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "reports", description = "Output folder (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--rules", paramLabel = "DIR", description = "Additional rule folder (repeatable); a rule with a built-in id replaces it.")
  List<Path> ruleDirs = new ArrayList<>();

  @Option(names = "--waivers", paramLabel = "FILE", description = "Waivers YAML.")
  Path waivers;

  @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "high", description = "critical|high|medium|low|never (default ${DEFAULT-VALUE}).")
  String failOn;

  @Option(names = "--allow-incomplete", description = "Exit 0 rather than 3 when some rule could not be evaluated.")
  boolean allowIncomplete;

  @Option(names = "--save-snapshot", paramLabel = "FILE", description = "Also save the collected inventory to FILE.")
  Path saveSnapshot;

  @Option(names = "--format", split = ",", paramLabel = "FORMAT", description = "Reports to write: html,junit,json,inventory,codequality (default: html,junit,json,inventory).")
  List<String> formats = new ArrayList<>();

  @Option(names = "--baseline", paramLabel = "FILE", description = {
      "A previous findings.json (or its folder): failures absent from it are marked new.",
      "gitlab:JOB:PATH takes PATH from JOB's artifacts in the latest successful pipeline of the merge",
      "request's target branch (GitLab's job artifacts API, CI_JOB_TOKEN); when there is none the run",
      "goes on without a baseline and says so."})
  String baseline;

  @Option(names = "--fail-on-new", description = "Gate only on failures absent from --baseline (every failure when no baseline was found).")
  boolean failOnNew;

  @Option(names = "--quiet", description = "Print nothing but errors.")
  boolean quiet;

  @Option(names = "--json", description = "Print the summary as JSON instead of text.")
  boolean json;

  @Option(names = "--today", hidden = true, paramLabel = "DATE", description = "Date used for waiver expiry (tests).")
  LocalDate today;

  @Mixin CommonOptions.Debug debug;

  @Option(names = "--timings", description = "Print how long each stage took (to stderr).")
  boolean timings;

  @Mixin LiveMixin liveOptions;

  /**
   * Every input is read and checked before anything is written: options, config, baseline, rules and
   * waivers (before a live scan, which takes minutes), the inventory and the planned change. Then
   * the reports are written, and the {@code --save-snapshot} file last.
   */
  @Override
  public Integer call() throws Exception {
    Severity threshold = Gate.parseFailOn(failOn);
    Set<String> fmts = Reporters.parseFormats(new LinkedHashSet<>(formats));
    if (failOnNew && baseline == null) throw new IllegalArgumentException("--fail-on-new needs --baseline");
    liveOptions.validate();
    checkSaveSnapshot(fmts);
    StageClock clock = new StageClock();
    // Loading and compiling the rules is independent of the inventory: on two cores it overlaps the
    // snapshot load or the live scan instead of adding to it. A live audit with no user rules or
    // waivers needs them only once collection ends, so it starts their load (CEL, protobuf, Jackson's
    // first use: ~190 ms of CPU) once the first request has left, instead of beside what that
    // request waits for (see audit()).
    CompletableFuture<Void> rulesMayLoad = liveWithBuiltInRulesOnly() ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
    CompletableFuture<RuleSet> rules = rulesMayLoad.thenApplyAsync(v -> loadRules(clock));
    AuditConfig cfg = clock.time("config", () -> ConfigLoader.load(config.file));
    // A baseline that is there but unreadable is bad input, and nothing is evaluated.
    BaselineSource.Resolved resolvedBaseline = baseline == null ? null : BaselineSource.resolve(baseline, System.getenv());
    SnapshotFile snapshotFile = inventorySource.live ? null : SnapshotFile.of(inventorySource.snapshot);
    return audit(clock, rulesMayLoad, rules, cfg, snapshotFile, fmts, threshold, resolvedBaseline);
  }

  private boolean liveWithBuiltInRulesOnly() {
    return inventorySource.live && ruleDirs.isEmpty() && waivers == null;
  }

  /** The rules, then, where cli/Warmup leaves them to the audit, the report templates. */
  private RuleSet loadRules(StageClock clock) {
    RuleSet loaded = clock.timeAsync("rules", () -> RuleSet.load(ruleDirs));
    if (liveWithBuiltInRulesOnly()) Reporters.prepareAll();
    return loaded;
  }

  private int audit(StageClock clock, CompletableFuture<Void> rulesMayLoad, CompletableFuture<RuleSet> rules,
      AuditConfig cfg, SnapshotFile snapshotFile,
      Set<String> fmts, Severity threshold, BaselineSource.Resolved resolvedBaseline) throws Exception {
    Inventory inventory;
    String sourceLabel;
    RuleSet ruleSet;
    List<Waiver> waiverList;
    // The scan reads the runner config for itself: the live branch lays that one over the inventory.
    RunnerConfig scannedRunner = null;
    if (inventorySource.live) {
      // User rules or waivers are checked first, so that a bad one ends the audit before any call.
      // With neither, the scan starts at once and lets the built-in rules load once its first request
      // has left, or once it ends (a scan refused before any call), so nothing waits forever.
      // Planned files are read after the scan either way.
      LiveCollection.Run run;
      if (liveWithBuiltInRulesOnly()) {
        CompletableFuture<LiveCollection.Run> collected = inBackground(
            () -> clock.timeAsync("collect", () -> collect(cfg, () -> rulesMayLoad.complete(null))));
        collected.whenComplete((r, e) -> rulesMayLoad.complete(null));
        run = clock.time("wait for collect", () -> StageClock.join(collected));
        ruleSet = clock.time("wait for rules", () -> StageClock.join(rules));
        waiverList = List.of();
      } else {
        ruleSet = clock.time("wait for rules", () -> StageClock.join(rules));
        waiverList = loadWaivers(ruleSet);
        run = clock.time("collect", () -> collect(cfg, () -> {}));
      }
      inventory = run.inventory();
      scannedRunner = run.runnerConfig();
      sourceLabel = "live";
    } else {
      InventoryJson.Loaded read = clock.time("load", () -> InventoryJson.loadReporting(inventorySource.snapshot));
      inventory = read.inventory();
      // Text cut at load: the file is no longer the inventory evaluated, so inventory.json is written from it.
      if (read.textCut()) snapshotFile = null;
      sourceLabel = "snapshot";
      ruleSet = clock.time("wait for rules", () -> StageClock.join(rules));
      waiverList = loadWaivers(ruleSet);
    }
    Inventory loaded = inventory;
    inventory = inventorySource.live ? RunnerConfigReader.overlay(inventory, cfg, scannedRunner)
        : RunnerConfigReader.overlayConfigured(inventory, cfg, config.file);
    if (planned != null) {
      inventory = PlannedOverlay.apply(inventory, planned);
      sourceLabel += "+planned";
    }

    Inventory evaluated = inventory;
    EvaluationResult result = clock.time("derive+evaluate", () -> Evaluation.run(
        evaluated, cfg, ruleSet, waiverList, today == null ? LocalDate.now() : today));
    BaselineGate judged = BaselineGate.apply(resolvedBaseline, result.findings(), failOnNew, failOn,
        today == null ? LocalDate.now() : today, spec.commandLine().getErr());
    List<Finding> findings = judged.findings();

    int exit = Gate.exitCode(findings, threshold, allowIncomplete, judged.onlyNew(), result.scopeGaps());
    var meta = inventory.meta();
    ReportMeta reportMeta = new ReportMeta(
        VersionProvider.version(), result.rulesHash(), Instant.now(), sourceLabel,
        meta == null || meta.accountId() == null ? List.of() : List.of(meta.accountId()),
        meta == null ? List.of() : meta.regions(),
        meta == null ? null : meta.apiCalls(),
        meta == null ? 0 : meta.collectionMillis(),
        failOn, exit,
        new RunInputs(text(config.file), text(planned), text(waivers), judged.label(), judged.onlyNew()),
        CiPipeline.fromEnvironment(System.getenv()));
    AuditReport report = new AuditReport(reportMeta, result.rules(), findings, inventory.collectionErrors(),
        result.waivers(), inventory, inventory == loaded ? snapshotFile : null, judged.comparison(), result.scopeGaps());
    List<Path> written = clock.time("reports", () -> Reporters.writeAll(report, out, fmts, inputs(),
        saveSnapshot == null ? List.of() : List.of(saveSnapshot)));
    if (saveSnapshot != null) {
      Inventory saved = inventory;
      clock.time("save snapshot", () -> {
        InventoryJson.save(saved, saveSnapshot);
        return null;
      });
    }
    // Printed even with --quiet: they are why the run is incomplete, as an error would be.
    for (String gap : result.scopeGaps()) {
      spec.commandLine().getErr().println("fargate-ci-audit: incomplete scope: " + UntrustedText.visible(gap, 1000));
    }
    if (!quiet) TerminalSummary.print(report, written, spec.commandLine().getOut(), json, Terminal.colour(spec));
    if (timings) spec.commandLine().getErr().println(clock.summary());
    return exit;
  }

  private LiveCollection.Run collect(AuditConfig cfg, Runnable firstRequestSent) {
    return LiveCollection.run(cfg, liveOptions.toOptions(Terminal.progressWriter(spec)), config.file, firstRequestSent);
  }

  /** Runs {@code work} on a thread of its own (the common pool, one thread on two cores, loads the rules). */
  private static <T> CompletableFuture<T> inBackground(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, r -> {
      Thread t = new Thread(r, "fargate-ci-audit-collect");
      t.setDaemon(true);
      t.start();
    });
  }

  private List<Waiver> loadWaivers(RuleSet ruleSet) {
    return waivers == null ? List.of() : WaiverLoader.load(waivers, ruleSet);
  }

  /** What the run reads: never replaced or removed by its reports (a folder: nothing in it). */
  private List<Path> inputs() {
    List<Path> in = new ArrayList<>();
    if (!inventorySource.live) in.add(inventorySource.snapshot);
    for (Path p : new Path[] {config.file, waivers, planned}) if (p != null) in.add(p);
    in.addAll(ruleDirs);
    if (baseline != null && !baseline.startsWith(BaselineSource.GITLAB_PREFIX)) in.add(Path.of(baseline));
    return in;
  }

  /**
   * {@code --save-snapshot} may name neither an input (it would replace it) nor a report this run
   * writes into {@code --out}: checked before anything is read, so the conflict costs nothing.
   */
  private void checkSaveSnapshot(Set<String> fmts) {
    if (saveSnapshot == null) return;
    for (Path input : inputs()) {
      if (OutputPaths.same(saveSnapshot, input) || OutputPaths.inside(saveSnapshot, input)) {
        throw new IllegalArgumentException("--save-snapshot " + saveSnapshot + " would replace the input " + input
            + " (expected a new file, or an earlier saved snapshot)");
      }
    }
    for (String name : Reporters.fileNames(fmts)) {
      if (OutputPaths.same(saveSnapshot, out.resolve(name))) {
        throw new IllegalArgumentException("--save-snapshot " + saveSnapshot + " is the " + name + " this run writes into --out "
            + out + " (expected another file, or --format without it)");
      }
    }
  }

  private static String text(Path p) {
    return p == null ? null : p.toString();
  }
}
