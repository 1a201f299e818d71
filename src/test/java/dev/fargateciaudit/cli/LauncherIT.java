package dev.fargateciaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The launcher script at the repository root runs the packaged jar (built by {@code package} before ITs). */
class LauncherIT {
  @Test
  void launcherPrintsVersion() throws IOException, InterruptedException {
    Path root = Path.of("").toAbsolutePath();
    Path launcher = root.resolve("fargate-ci-audit");
    assertThat(launcher).isExecutable();
    assertThat(root.resolve("target/fargate-ci-audit.jar")).exists();

    Process p = new ProcessBuilder(launcher.toString(), "--version").directory(root.toFile()).start();
    p.getOutputStream().close();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("launcher finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("exit code; stderr: %s", err).isZero();
    assertThat(out.trim()).isEqualTo("fargate-ci-audit " + Files.readString(root.resolve("pom.xml"))
        .replaceFirst("(?s).*?<artifactId>fargate-ci-audit</artifactId>\\s*<version>([^<]+)</version>.*", "$1"));
  }
}
