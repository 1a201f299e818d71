package dev.fargateciaudit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void versionPrintsToolName() {
    StringWriter out = new StringWriter();
    int code = Main.run(new String[] {"--version"}, new PrintWriter(out), new PrintWriter(new StringWriter()));
    assertThat(code).isZero();
    assertThat(out.toString()).startsWith("fargate-ci-audit ");
  }
}
