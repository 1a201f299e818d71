package dev.fargateciaudit.loadtools;

import dev.fargateciaudit.collect.MotoExampleEstate;
import dev.fargateciaudit.collect.MotoServer;
import dev.fargateciaudit.output.TemporaryFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The live benchmark ({@code scripts/bench-live.sh}): builds an estate in a moto_server of its own,
 * then runs {@code audit --live} through one or more launchers, interleaved round by round (A B, B A,
 * ...), each run a separate process timed by {@code /usr/bin/time}. Prints, per launcher, the medians
 * and ranges of wall time, CPU time (user + system), peak RSS, the time from launch to the first AWS
 * call (the first connection to a relay in front of moto) with the CPU time used by then, and the
 * requests moto received.
 */
@Command(name = "bench-live", mixinStandardHelpOptions = true,
    description = {
      "Benchmarks 'audit --live' against moto_server (which must be on the PATH): builds an estate, runs each",
      "launcher --runs times, interleaved, and prints medians of wall, CPU, peak RSS, time to the first AWS call",
      "(and the CPU used by then) and the calls moto received."
    })
public final class LiveBenchCommand implements Callable<Integer> {
  /**
   * The scan's own time in {@code --timings}: "collect N ms", or "collect (background) N ms" when it ran
   * beside the rules' loading (not "wait for collect N ms", the part of it the main thread waited for).
   */
  private static final Pattern COLLECT = Pattern.compile("(?<!for )\\bcollect (?:\\(background\\) )?(\\d+) ms");

  @Spec CommandSpec spec;

  @Option(names = "--estate", defaultValue = "blog", paramLabel = "NAME",
      description = "blog (examples/blog-setup rebuilt in moto), hardened (examples/hardened), or benchmark"
          + " (CollectionBenchmarkIT's 50 families, 50 services, 200 tasks, 30 roles; no config) (default ${DEFAULT-VALUE}).")
  String estate;

  @Option(names = "--runs", defaultValue = "7", paramLabel = "N", description = "Measured runs per launcher (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--warmup", defaultValue = "1", paramLabel = "N",
      description = "Unmeasured runs per launcher first: the launcher builds its jar and class archive then (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--launcher", paramLabel = "PATH",
      description = "A launcher to run (repeatable, e.g. this tree's and another build's; default ./fargate-ci-audit).")
  List<String> launchers = new ArrayList<>();

  @Option(names = "--work-dir", defaultValue = "target/bench-live", paramLabel = "DIR",
      description = "Where the estate's config and the reports go (default ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(names = "--latency", defaultValue = "0", paramLabel = "MS",
      description = "Hold each request this long in the relay, as a distant endpoint would (default ${DEFAULT-VALUE}):"
          + " with a latency far above moto's own answers, collection time / latency is about the depth of the"
          + " chain of dependent calls.")
  long latencyMillis;

  @Option(names = "--serve", description = "Build the estate, print how to audit it, and keep moto running until"
      + " interrupted (for profiling one run by hand); nothing is timed.")
  boolean serve;

  /** One measured run. */
  record Sample(double wall, double cpu, double rssMib, double firstCall, double cpuBeforeFirstCall, double collect, long calls, int exit) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (runs < 1) throw new IllegalArgumentException("--runs must be at least 1");
    if (launchers.isEmpty()) launchers.add("./fargate-ci-audit");
    Files.createDirectories(workDir);
    Path recording = workDir.resolve("moto-recording.jsonl");
    MotoServer moto = new MotoServer("MOTO_RECORDER_FILEPATH=" + recording.toAbsolutePath());
    moto.start();
    try (FirstConnectionRelay relay = new FirstConnectionRelay(moto.port(), latencyMillis)) {
      Path config = build(moto.endpoint());
      MotoRecording recorder = new MotoRecording(moto.endpoint());
      if (serve) {
        out.printf("bench-live: %s estate in moto at %s; audit it (through the relay when --latency is set) with%n  AWS_ENDPOINT_URL=%s AWS_ACCESS_KEY_ID=%s"
            + " AWS_SECRET_ACCESS_KEY=%s AWS_REGION=eu-west-2 ./fargate-ci-audit audit --live%s%nInterrupt to stop.%n",
            estate, moto.endpoint(), latencyMillis > 0 ? relay.endpoint() : moto.endpoint(), MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY,
            config == null ? "" : " --config " + config);
        out.flush();
        // An interrupt (SIGINT, SIGTERM) ends the JVM inside the sleep, where the finally below never runs.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            moto.stop();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "bench-live-stop-moto"));
        Thread.sleep(Long.MAX_VALUE);
      }
      out.printf(Locale.ROOT, "bench-live: estate %s, %d warm-up + %d measured runs per launcher, interleaved; %d cores, load average %s%n",
          estate, warmup, runs, Runtime.getRuntime().availableProcessors(), loadAverage());
      Map<String, List<Sample>> samples = new LinkedHashMap<>();
      Map<String, Map<String, Long>> lastCalls = new LinkedHashMap<>();
      launchers.forEach(l -> samples.put(l, new ArrayList<>()));
      // The reports of an earlier session, perhaps of another build, which this build would refuse to replace.
      for (String launcher : launchers) TemporaryFiles.delete(reportsOf(launcher));
      for (int round = 0; round < warmup + runs; round++) {
        List<String> order = new ArrayList<>(launchers);
        if (round % 2 == 1) java.util.Collections.reverse(order);
        for (String launcher : order) {
          recorder.restart();
          Sample s = runOnce(launcher, config, relay);
          Map<String, Long> calls = recorder.stop();
          if (s.exit() > 1) {
            // A refused or failed audit (bad input, a gap, an internal error) is not a sample: it may have
            // stopped before its reports and would look fast.
            String why = Files.readString(workDir.resolve("stderr.txt")).lines().findFirst().orElse("");
            spec.commandLine().getErr().printf("bench-live: %s exited %d: %s%n", launcher, s.exit(), why);
            return 1;
          }
          s = new Sample(s.wall(), s.cpu(), s.rssMib(), s.firstCall(), s.cpuBeforeFirstCall(), s.collect(),
              calls.values().stream().mapToLong(Long::longValue).sum(), s.exit());
          boolean measured = round >= warmup;
          out.printf(Locale.ROOT, "  %s %d %s: wall %.2f s, cpu %.2f s, rss %.0f MiB, first call %.2f s (cpu %.2f s), collect %.2f s,"
              + " %d calls, exit %d%n", measured ? "run" : "warm-up", measured ? round - warmup + 1 : round + 1, launcher, s.wall(),
              s.cpu(), s.rssMib(), s.firstCall(), s.cpuBeforeFirstCall(), s.collect(), s.calls(), s.exit());
          out.flush();
          if (measured) {
            samples.get(launcher).add(s);
            lastCalls.put(launcher, calls);
          }
        }
      }
      out.printf(Locale.ROOT, "bench-live: load average after %s%n", loadAverage());
      for (String launcher : launchers) {
        List<Sample> ss = samples.get(launcher);
        out.printf(Locale.ROOT, "%s, %s estate, %d runs (medians, ranges in brackets):%n", launcher, estate, ss.size());
        out.printf(Locale.ROOT, "  wall %s s, CPU %s s, peak RSS %s MiB%n", stat(ss, Sample::wall, "%.2f"),
            stat(ss, Sample::cpu, "%.2f"), stat(ss, Sample::rssMib, "%.0f"));
        out.printf(Locale.ROOT, "  first AWS call %s s after launch, %s CPU-s before it, collection %s s, exit codes %s%n",
            stat(ss, Sample::firstCall, "%.2f"), stat(ss, Sample::cpuBeforeFirstCall, "%.2f"), stat(ss, Sample::collect, "%.2f"),
            ss.stream().map(Sample::exit).distinct().sorted().toList());
        out.printf(Locale.ROOT, "  calls moto received: %s per run; last run: %s%n", stat(ss, Sample::calls, "%.0f"),
            lastCalls.get(launcher));

        if (latencyMillis > 0) {
          out.printf(Locale.ROOT, "  collection / latency: %s (about the depth of the chain of dependent calls)%n",
              stat(ss.stream().map(x -> new Sample(0, 0, 0, 0, 0, x.collect() * 1000 / latencyMillis, 0, 0)).toList(),
                  Sample::collect, "%.1f"));
        }
      }
      return 0;
    } finally {
      moto.stop();
    }
  }

  /** Builds the estate in moto; returns its audit.yml, or null when the estate is audited with no config. */
  private Path build(String endpoint) throws IOException {
    Path dir = workDir.resolve(estate);
    Files.createDirectories(dir);
    switch (estate) {
      case "blog" -> {
        return MotoExampleEstate.blog(endpoint, dir).toAbsolutePath();
      }
      case "hardened" -> {
        return MotoExampleEstate.hardened(endpoint, dir).toAbsolutePath();
      }
      case "benchmark" -> {
        MotoExampleEstate.benchmark(endpoint);
        return null;
      }
      default -> throw new IllegalArgumentException("--estate must be blog, hardened or benchmark, not '" + estate + "'");
    }
  }

  /**
   * Each launcher writes its own reports, emptied when a session starts: a build refuses to replace
   * reports another build wrote (it owns only what its manifest lists), so a shared folder, or one
   * left by an earlier session's build, fails with exit 2.
   */
  private Path reportsOf(String launcher) {
    return workDir.resolve("reports-" + (launchers.indexOf(launcher) + 1));
  }

  private Sample runOnce(String launcher, Path config, FirstConnectionRelay relay) throws IOException, InterruptedException {
    Path time = workDir.resolve("time.txt");
    Path err = workDir.resolve("stderr.txt");
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %U %S %M", "-o", time.toString(),
        launcher, "audit", "--live", "--quiet", "--timings", "--out", reportsOf(launcher).toString()));
    if (config != null) cmd.addAll(List.of("--config", config.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_"));
    env.put("AWS_ENDPOINT_URL", relay.endpoint());
    env.put("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_KEY);
    env.put("AWS_REGION", "eu-west-2");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    AtomicReference<Process> timed = new AtomicReference<>();
    relay.reset(() -> timed.get() == null ? null : auditCpu(timed.get()));
    long t0 = System.nanoTime();
    timed.set(pb.start());
    int exit = timed.get().waitFor();
    double wall = (System.nanoTime() - t0) / 1e9;
    long first = relay.firstConnectionNanos();
    Duration cpuBeforeFirst = relay.cpuAtFirstConnection();
    String[] t = Files.readString(time).trim().split("\\R");
    String[] f = t[t.length - 1].trim().split(" ");
    return new Sample(wall, Double.parseDouble(f[1]) + Double.parseDouble(f[2]), Long.parseLong(f[3]) / 1024.0,
        first == 0 ? Double.NaN : (first - t0) / 1e9, cpuBeforeFirst == null ? Double.NaN : cpuBeforeFirst.toNanos() / 1e9,
        collectSeconds(Files.readString(err)), 0, exit);
  }

  /**
   * The CPU time (user + system, in the kernel's clock ticks) the audit has used so far: that of
   * {@code /usr/bin/time}'s child, the launcher, which execs the JVM in its own process.
   */
  private static Duration auditCpu(Process timed) {
    return timed.children().findFirst().flatMap(launcher -> launcher.info().totalCpuDuration()).orElse(null);
  }

  /** The scan's time in a run's {@code --timings} line, in seconds; NaN when the line has none. */
  static double collectSeconds(String timings) {
    Matcher collect = COLLECT.matcher(timings);
    return collect.find() ? Long.parseLong(collect.group(1)) / 1e3 : Double.NaN;
  }

  private static String stat(List<Sample> ss, ToDoubleFunction<Sample> f, String format) {
    double[] v = ss.stream().mapToDouble(f).sorted().toArray();
    double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    return String.format(Locale.ROOT, format + " (" + format + "-" + format + ")", median, v[0], v[v.length - 1]);
  }

  private static String loadAverage() {
    try {
      String[] p = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return p[0] + " " + p[1] + " " + p[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
