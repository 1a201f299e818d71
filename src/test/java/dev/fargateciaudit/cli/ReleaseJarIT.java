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

  /** One HTTP client ships, the URL-connection one the collectors use: not the Apache or Netty client every SDK module brings. */
  @Test
  void theReleaseJarHoldsOneHttpClient() throws IOException {
    try (JarFile jar = new JarFile(Path.of("target/fargate-ci-audit.jar").toFile())) {
      List<String> names = jar.stream().map(JarEntry::getName).toList();
      assertThat(names).contains("software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class");
      assertThat(names).filteredOn(n -> n.startsWith("software/amazon/awssdk/http/apache/") || n.startsWith("software/amazon/awssdk/http/nio/")
          || n.startsWith("org/apache/http/") || n.startsWith("io/netty/")).isEmpty();
      String services = new String(jar.getInputStream(jar.getEntry("META-INF/services/software.amazon.awssdk.http.SdkHttpService"))
          .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(services.lines().filter(l -> !l.isBlank() && !l.startsWith("#")))
          .as("the SDK's default HTTP client, for credential providers that build their own STS or SSO client")
          .containsExactly("software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService");
    }
  }
}
