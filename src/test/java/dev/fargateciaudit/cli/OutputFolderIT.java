package dev.fargateciaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.synth.SynthSpec;
import dev.fargateciaudit.synth.SyntheticEstate;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output folder under real processes and signals (issue #29 d01's disk-full case, d12): the
 * packaged jar is stopped with SIGTERM or SIGINT while it writes a 3,000-task-definition estate's
 * reports, runs out of file space, or finds another process holding the folder's lock. Each time
 * the folder is left exactly as the previous run left it, with no temporary file or staging folder.
 */
class OutputFolderIT {
  @TempDir static Path shared;
  static Path estate;

  @TempDir Path dir;

  @BeforeAll
  static void estate() throws IOException {
    estate = shared.resolve("estate-3000.json");
    new SyntheticEstate(new SynthSpec(3000, 1), "test").write(estate);
  }

  record Run(int code, String out, String err) {}

  static ProcessBuilder jar(Path out, String... prefix) {
    List<String> cmd = new ArrayList<>(List.of(prefix));
    cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
        "-jar", Path.of("target/fargate-ci-audit.jar").toAbsolutePath().toString(),
        "audit", "--snapshot", estate.toString(), "--out", out.toString(), "--quiet", "--fail-on", "never"));
    return new ProcessBuilder(cmd);
  }

  static Run finish(Process p) throws Exception {
    p.getOutputStream().close();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("finished").isTrue();
    return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  /** A first, complete run: what every later failed or stopped run must leave untouched. */
  Map<String, String> firstRun(Path out) throws Exception {
    Run first = finish(jar(out).start());
    assertThat(first.code()).as(first.err()).isZero();
    Map<String, String> files = files(out);
    assertThat(files).containsKeys("report.html", "junit.xml", "findings.json", "inventory.json");
    return files;
  }

  @Test
  void sigtermWhileWritingLeavesThePreviousReportsAndNothingElse() throws Exception {
    stoppedWhileWriting("TERM");
  }

  @Test
  void sigintWhileWritingLeavesThePreviousReportsAndNothingElse() throws Exception {
    stoppedWhileWriting("INT");
  }

  private void stoppedWhileWriting(String signal) throws Exception {
    Path out = dir.resolve("reports");
    Map<String, String> before = firstRun(out);
    Process p = jar(out).redirectErrorStream(true).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (staging(out).isEmpty() && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(2);
    assertThat(staging(out)).as("the run started writing its reports").isNotEmpty();
    assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor()).isZero();
    Run stopped = finish(p);
    assertThat(stopped.code()).as(stopped.out()).isEqualTo(128 + ("TERM".equals(signal) ? 15 : 2));
    assertThat(staging(out)).isEmpty();
    assertSame(files(out), before);
  }

  /** d01: a write that fails part-way (the file-size limit standing in for a full disk) changes nothing. */
  @Test
  void aWriteThatFailsPartWayLeavesThePreviousReports() throws Exception {
    Path out = dir.resolve("reports");
    Map<String, String> before = firstRun(out);
    // bash's ulimit -f counts 1,024-byte blocks: 4 MiB, less than findings.json needs.
    Run full = finish(jar(out, "bash", "-c", "ulimit -f 4096; exec \"$@\"", "bash").start());
    assertThat(full.code()).as(full.err()).isEqualTo(2);
    assertThat(full.err().lines().toList()).hasSize(1);
    assertThat(full.err()).matches("fargate-ci-audit: " + out + "/[a-z.]+: file too large\\R");
    assertThat(staging(out)).isEmpty();
    assertSame(files(out), before);
  }

  /** Another process holds the folder: the run waits (FCA_OUT_LOCK_WAIT seconds), then gives up with one line. */
  @Test
  void aSecondRunWaitsForTheFirstThenGivesUp() throws Exception {
    Path out = dir.resolve("reports");
    Map<String, String> before = firstRun(out);
    try (FileChannel channel = FileChannel.open(out.resolve(".fargate-ci-audit"), StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      ProcessBuilder pb = jar(out);
      pb.environment().put("FCA_OUT_LOCK_WAIT", "2");
      long t0 = System.nanoTime();
      Run waited = finish(pb.start());
      assertThat(waited.code()).as(waited.err()).isEqualTo(2);
      assertThat(waited.err().lines()).containsExactly(out + ": another fargate-ci-audit run is writing to this folder"
          + " (waited 2 s for it to finish; FCA_OUT_LOCK_WAIT sets how long to wait)");
      assertThat(System.nanoTime() - t0).isGreaterThan(TimeUnit.SECONDS.toNanos(2));
      assertThat(held.isValid()).isTrue();
    }
    assertThat(staging(out)).isEmpty();
    assertSame(files(out), before);
  }

  static List<Path> staging(Path out) throws IOException {
    if (!Files.isDirectory(out)) return List.of();
    try (Stream<Path> s = Files.list(out)) {
      return s.filter(p -> p.getFileName().toString().startsWith(".fargate-ci-audit-staging-")
          || p.getFileName().toString().endsWith(".tmp")).toList();
    }
  }

  /** Each file of the folder, by name: its size and SHA-256, so that a difference reads as one line. */
  static Map<String, String> files(Path out) throws Exception {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.list(out)) {
      for (Path p : s.toList()) {
        byte[] bytes = Files.readAllBytes(p);
        m.put(p.getFileName().toString(), bytes.length + " bytes, sha256 "
            + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
      }
    }
    return m;
  }

  static void assertSame(Map<String, String> actual, Map<String, String> expected) {
    assertThat(actual).isEqualTo(expected);
  }
}
