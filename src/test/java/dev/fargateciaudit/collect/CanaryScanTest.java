package dev.fargateciaudit.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scanner of {@link CanarySecretIT} finds a secret in each encoding it claims to know. */
class CanaryScanTest {
  static final String SECRET = "cnry" + CanaryScan.random("abcdefghijklmnopqrstuvwxyz0123456789", 28);
  final CanaryScan scan = new CanaryScan(List.of(SECRET));

  @Test
  void findsTheSecretInEveryEncodingAndAlignment() {
    assertThat(scan.scanText("t", "x " + SECRET.toUpperCase() + " y")).isNotEmpty();
    assertThat(scan.scanText("t", URLEncoder.encode("a=" + SECRET + "&", StandardCharsets.UTF_8))).isNotEmpty();
    for (String prefix : List.of("", "a", "ab", "abc")) {
      byte[] bytes = (prefix + SECRET + "!").getBytes(StandardCharsets.UTF_8);
      assertThat(scan.scanText("t", Base64.getEncoder().encodeToString(bytes))).as("base64 after %s", prefix).isNotEmpty();
      assertThat(scan.scanText("t", Base64.getUrlEncoder().encodeToString(bytes))).as("base64url after %s", prefix).isNotEmpty();
    }
    assertThat(scan.scanText("t", "nothing here")).isEmpty();
  }

  @Test
  void findsTheSecretBehindEntitiesAndJsonEscapes(@TempDir Path dir) throws Exception {
    StringBuilder entities = new StringBuilder();
    SECRET.chars().forEach(c -> entities.append("&#").append(c).append(';'));
    Files.writeString(dir.resolve("report.html"), "<p>" + entities + "</p>");
    StringBuilder escaped = new StringBuilder();
    SECRET.chars().forEach(c -> escaped.append(String.format("\\u%04x", c)));
    Files.writeString(dir.resolve("findings.json"), "{\"m\": \"" + escaped + "\"}");
    Files.writeString(dir.resolve("clean.json"), "{\"m\": \"fine\"}");
    assertThat(scan.scanTree(dir)).hasSize(2)
        .anySatisfy(f -> assertThat(f).contains("report.html (entities decoded)"))
        .anySatisfy(f -> assertThat(f).contains("findings.json (JSON strings)"));
    assertThat(scan.filesScanned()).isEqualTo(3);
  }
}
