package dev.fargateciaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fargateciaudit.input.Mappers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher script at the repository root runs the packaged jar (built by {@code package} before ITs). */
class LauncherIT {
  @Test
  void launcherPrintsVersion() throws IOException, InterruptedException {
    Path root = Path.of("").toAbsolutePath();
    Path launcher = root.resolve("fargate-ci-audit");
    assertThat(launcher).isExecutable();
    assertThat(root.resolve("target/fargate-ci-audit.jar")).exists();

    Run version = launch(120, Map.of(), "--version");
    assertThat(version.exit()).as("exit code; stderr: %s", version.err()).isZero();
    assertThat(version.out().trim()).isEqualTo("fargate-ci-audit " + Files.readString(root.resolve("pom.xml"))
        .replaceFirst("(?s).*?<artifactId>fargate-ci-audit</artifactId>\\s*<version>([^<]+)</version>.*", "$1"));
  }

  /** Installed as a user does: a symlink in a folder on PATH, run from elsewhere, finds its repository. */
  @Test
  void launcherRunsThroughASymlinkOnPath(@TempDir Path elsewhere) throws IOException, InterruptedException {
    Path root = Path.of("").toAbsolutePath();
    Path bin = Files.createDirectories(elsewhere.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("fargate-ci-audit"), root.resolve("fargate-ci-audit"));
    // Through a shell, which finds the command on the PATH it is given (ProcessBuilder would search its own).
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", "fargate-ci-audit --version").directory(elsewhere.toFile());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process p = pb.start();
    p.getOutputStream().close();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("launcher finished").isTrue();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("exit code; stderr: %s", err).isZero();
    assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("fargate-ci-audit ");
    assertThat(err).doesNotContain("building").doesNotContain("No such file");
  }

  /** stdout, stderr and exit code of the launcher run with {@code env} added to the environment. */
  private record Run(int exit, String out, String err) {}

  private static Run launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
    return launch(300, env, args);
  }

  /** As above, the run failing the test unless it finishes within {@code seconds}. */
  private static Run launch(long seconds, Map<String, String> env, String... args) throws IOException, InterruptedException {
    Path root = Path.of("").toAbsolutePath();
    String[] cmd = new String[args.length + 1];
    cmd[0] = root.resolve("fargate-ci-audit").toString();
    System.arraycopy(args, 0, cmd, 1, args.length);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).as("launcher finished").isTrue();
    return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private static ObjectNode findingsWithoutMeta(Path dir) throws IOException {
    ObjectNode doc = (ObjectNode) Mappers.json().readTree(dir.resolve("findings.json").toFile());
    doc.remove("meta");
    return doc;
  }

  /**
   * With {@code FCA_JAVA} naming a JDK 25 the launcher trains and uses an ahead-of-time cache: the
   * audit gives the same findings as on the default java and prints nothing on stderr (JDK 25 warns
   * about protobuf's use of sun.misc.Unsafe unless told otherwise); the cache is the one in use, and
   * made again when the launcher changes. Skipped where no JDK 25 is installed
   * ({@code FCA_TEST_JAVA25} names another one).
   */
  @Test
  void aJdk25RunsWithAnAheadOfTimeCache(@TempDir Path tmp) throws IOException, InterruptedException {
    Path java25 = Path.of(System.getenv().getOrDefault("FCA_TEST_JAVA25", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"));
    assumeTrue(Files.isExecutable(java25), "no JDK 25 at " + java25);
    String[] audit = {"audit", "--config", "examples/blog-setup/audit.yml", "--snapshot", "examples/blog-setup/inventory.json",
        "--quiet", "--out"};
    Run first = launch(Map.of("FCA_JAVA", java25.toString()), append(audit, tmp.resolve("a").toString()));
    assertThat(first.exit()).as("stderr: %s", first.err()).isEqualTo(1);
    assertThat(Path.of("target/fargate-ci-audit.aot")).exists();
    Run second = launch(Map.of("FCA_JAVA", java25.toString()), append(audit, tmp.resolve("b").toString()));
    assertThat(second.exit()).isEqualTo(1);
    assertThat(second.err()).isEmpty();
    Run jdk17 = launch(Map.of(), append(audit, tmp.resolve("c").toString()));
    assertThat(jdk17.exit()).isEqualTo(1);
    assertThat(findingsWithoutMeta(tmp.resolve("b"))).isEqualTo(findingsWithoutMeta(tmp.resolve("c")));

    // The JVM refuses a cache made with other options, and says so only when asked: ask.
    Map<String, String> logged = Map.of("FCA_JAVA", java25.toString(), "FCA_JAVA_OPTS", "-Xlog:aot=info:stderr");
    Run used = launch(logged, append(audit, tmp.resolve("d").toString()));
    assertThat(used.err()).contains("Opened AOT cache").doesNotContain("Unable to use AOT cache");

    // A launcher newer than the cache (its options may have changed) trains the cache again.
    Path launcher = Path.of("fargate-ci-audit");
    java.nio.file.attribute.FileTime was = Files.getLastModifiedTime(launcher);
    try {
      Files.setLastModifiedTime(launcher, java.nio.file.attribute.FileTime.fromMillis(
          Files.getLastModifiedTime(Path.of("target/fargate-ci-audit.aot")).toMillis() + 10_000));
      Run retrained = launch(Map.of("FCA_JAVA", java25.toString()), append(audit, tmp.resolve("e").toString()));
      assertThat(retrained.exit()).isEqualTo(1);
      assertThat(retrained.err()).contains("creating ahead-of-time cache");
    } finally {
      Files.setLastModifiedTime(launcher, was);
    }
  }

  /**
   * The java the launcher runs is {@code FCA_JAVA}'s, else {@code JAVA_HOME}'s (as for the Maven
   * wrapper that builds the jar), else the one on the PATH: a {@code JAVA_HOME} naming a JDK 25 gets
   * its ahead-of-time cache, and {@code FCA_JAVA} overrides it. Skipped where no JDK 25 is installed.
   */
  @Test
  void javaHomeChoosesTheJavaUnlessFcaJavaDoes(@TempDir Path tmp) throws IOException, InterruptedException {
    Path java25 = Path.of(System.getenv().getOrDefault("FCA_TEST_JAVA25", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"));
    assumeTrue(Files.isExecutable(java25), "no JDK 25 at " + java25);
    Path home25 = java25.getParent().getParent();
    Path java17 = Path.of(System.getProperty("java.home"), "bin", "java");
    String[] audit = {"audit", "--config", "examples/blog-setup/audit.yml", "--snapshot", "examples/blog-setup/inventory.json",
        "--quiet", "--out"};
    // -Xlog:aot is a JDK 25 option: JDK 17 would refuse it, so each run's stderr says which java ran.
    Run viaHome = launch(Map.of("JAVA_HOME", home25.toString(), "FCA_JAVA_OPTS", "-Xlog:aot=info:stderr"),
        append(audit, tmp.resolve("a").toString()));
    assertThat(viaHome.exit()).as("stderr: %s", viaHome.err()).isEqualTo(1);
    assertThat(viaHome.err()).contains("Opened AOT cache");
    Run overridden = launch(Map.of("JAVA_HOME", home25.toString(), "FCA_JAVA", java17.toString(),
        "FCA_JAVA_OPTS", "-XX:+PrintFlagsFinal"), append(audit, tmp.resolve("b").toString()));
    assertThat(overridden.exit()).isEqualTo(1);
    assertThat(overridden.out()).doesNotContain("UseCompactObjectHeaders").contains("TieredStopAtLevel");
  }

  private static String[] append(String[] args, String... more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }
}
