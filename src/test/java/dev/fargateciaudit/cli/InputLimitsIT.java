package dev.fargateciaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No input can exhaust the tool (issue #29 d03): every kind of input file, given as {@code /dev/zero},
 * a FIFO nobody writes to, or a (sparse) file one byte over its kind's cap, to the packaged jar in a
 * JVM with a 48 MiB heap: exit 2 with one line, promptly, nothing on stdout, no report folder, and
 * never an {@code OutOfMemoryError} (the base build read {@code /dev/zero} until it ran out of heap,
 * and waited on a FIFO forever).
 */
class InputLimitsIT {
  static final Path SNAPSHOT = Path.of("examples/hardened/inventory.json").toAbsolutePath();

  @TempDir Path dir;

  /** How a file of the kind reaches the tool: the arguments, given the file. */
  interface Usage {
    List<String> args(Path dir, Path file) throws IOException;
  }

  enum Form { DEVICE, FIFO, OVER_CAP }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    Object[][] kinds = {
        {"snapshot", 1L << 30, (Usage) (d, f) -> List.of("audit", "--snapshot", f.toString())},
        {"config", 256L << 10, (Usage) (d, f) -> List.of("audit", "--snapshot", SNAPSHOT.toString(), "--config", f.toString())},
        {"runner config", 256L << 10, (Usage) (d, f) -> {
          Path config = Files.writeString(d.resolve("audit.yml"), "ci:\n  runnerConfig: \"" + f + "\"\n");
          return List.of("audit", "--snapshot", SNAPSHOT.toString(), "--config", config.toString());
        }},
        {"waivers", 1L << 20, (Usage) (d, f) -> List.of("audit", "--snapshot", SNAPSHOT.toString(), "--waivers", f.toString())},
        {"baseline", 1L << 30, (Usage) (d, f) -> List.of("audit", "--snapshot", SNAPSHOT.toString(), "--baseline", f.toString())},
        {"diff", 1L << 30, (Usage) (d, f) -> List.of("diff", f.toString(), f.toString())},
        {"merge", 1L << 30, (Usage) (d, f) -> List.of("merge", moved(d, f, "shard", "findings.json").getParent().toString())},
        {"rule", 1L << 20, (Usage) (d, f) -> List.of("audit", "--snapshot", SNAPSHOT.toString(),
            "--rules", moved(d, f, "rules", "FCA-TEST-001.yml").getParent().toString())},
        {"planned JSON", 4L << 20, (Usage) (d, f) -> List.of("audit", "--snapshot", SNAPSHOT.toString(),
            "--planned", moved(d, f, "planned", "taskdef.json").getParent().toString())},
        {"planned TOML", 256L << 10, (Usage) (d, f) -> List.of("audit", "--snapshot", SNAPSHOT.toString(),
            "--planned", moved(d, f, "planned", "fargate.toml").getParent().toString())},
    };
    for (Object[] k : kinds) {
      for (Form form : Form.values()) cases.add(Arguments.of(k[0], form, k[1], k[2]));
    }
    return cases.stream();
  }

  /** The file as {@code name} in a new folder {@code folder}: a link to a device, else the file moved there. */
  static Path moved(Path dir, Path file, String folder, String name) throws IOException {
    Path target = Files.createDirectories(dir.resolve(folder)).resolve(name);
    if (file.startsWith("/dev")) return Files.createSymbolicLink(target, file);
    return Files.move(file, target);
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("cases")
  void refusedWithOneLineUnderASmallHeap(String kind, Form form, long cap, Usage usage) throws Exception {
    Path file = switch (form) {
      case DEVICE -> Path.of("/dev/zero");
      case FIFO -> {
        Path fifo = dir.resolve("input");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        yield fifo;
      }
      case OVER_CAP -> {
        Path big = dir.resolve("input");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
          f.setLength(cap + 1);
        }
        yield big;
      }
    };
    Path out = dir.resolve("out");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx48m", "-XX:TieredStopAtLevel=1", "-jar", Path.of("target/fargate-ci-audit.jar").toAbsolutePath().toString()));
    cmd.addAll(usage.args(dir, file));
    if (!cmd.contains("diff")) cmd.addAll(List.of("--out", out.toString()));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
    p.getOutputStream().close();
    boolean done = p.waitFor(60, TimeUnit.SECONDS);
    if (!done) p.destroyForcibly().waitFor();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(done).as("finished; stderr: %s", stderr).isTrue();
    assertThat(p.exitValue()).as("exit code; stderr: %s", stderr).isEqualTo(2);
    assertThat(stderr.lines().toList()).as("stderr").hasSize(1);
    assertThat(stderr).doesNotContain("OutOfMemory").doesNotContain("Exception").doesNotContain("\tat ")
        .contains(form == Form.OVER_CAP ? "bytes (expected a" : "");
    assertThat(stdout).isEmpty();
    assertThat(out).doesNotExist();
  }
}
