package dev.fargateciaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The release jar (built by {@code package} before ITs) ships the product, not the load tools. */
class ReleaseJarIT {
  @Test
  void theReleaseJarHoldsNoSynthOrBenchClasses() throws IOException {
    try (JarFile jar = new JarFile(Path.of("target/fargate-ci-audit.jar").toFile())) {
      List<String> ours = jar.stream().map(JarEntry::getName).filter(n -> n.startsWith("dev/fargateciaudit/")).toList();
      assertThat(ours).as("the product's own classes").contains("dev/fargateciaudit/cli/Main.class");
      assertThat(ours).filteredOn(n -> n.startsWith("dev/fargateciaudit/synth/") || n.startsWith("dev/fargateciaudit/loadtools/")
          || n.contains("Bench") || n.contains("Synth")).isEmpty();
    }
  }
}
