package dev.fargateciaudit.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.inventory.RunnerConfig;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RunnerConfigReaderTest {
  private static RunnerConfig read(String toml) {
    return RunnerConfigReader.read("fargate.toml", toml.getBytes(StandardCharsets.UTF_8), "config");
  }

  /**
   * AWS's sample (aws-samples/cdk-fargate-gitlab-runner) renders its driver template with
   * envsubst and no FARGATE_TASK_DEFINITION: every job names its task definition. An empty value
   * is the driver's unset, not a task definition called "" to look up.
   */
  @Test
  void anEmptyStringIsAnUnsetKey() {
    RunnerConfig empty = read("""
        [Fargate]
          cluster = "ci"
          subnet = "subnet-1"
          securityGroup = "sg-1"
          TaskDefinition = ""
          PlatformVersion = " "
        [SSH]
          Username = ""
          Port = 22
        """);
    RunnerConfig absent = read("""
        [Fargate]
          cluster = "ci"
          subnet = "subnet-1"
          securityGroup = "sg-1"
        [SSH]
          Port = 22
        """);
    assertThat(empty.taskDefinition()).isNull();
    assertThat(empty.platformVersion()).isNull();
    assertThat(empty.sshUsername()).isNull();
    assertThat(empty).usingRecursiveComparison().isEqualTo(absent);
    assertThat(empty.cluster()).isEqualTo("ci");
  }
}
