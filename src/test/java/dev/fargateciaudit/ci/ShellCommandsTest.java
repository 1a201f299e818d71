package dev.fargateciaudit.ci;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShellCommandsTest {
  @Test
  void findsEveryCommandOfALine() {
    assertThat(ShellCommands.commands("DEBIAN_FRONTEND=noninteractive apt-get install -y x")).containsExactly("apt-get");
    assertThat(ShellCommands.commands("if [ -f a ]; then X=\"--baseline a\"; fi")).containsExactly("[");
    assertThat(ShellCommands.commands("if curl -o \"a;b\" 'x|y' && unzip a; then echo ok; else echo no; rm -f a; fi"))
        .containsExactly("curl", "unzip", "echo", "echo", "rm");
    assertThat(ShellCommands.commands("./mvnw -B verify | tee log")).containsExactly("./mvnw", "tee");
  }
}
