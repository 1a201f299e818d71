package dev.fargateciaudit.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live mode checks the region and the credentials before it collects anything: one line, exit 2, no
 * report (it used to collect, fail every read, and exit 3 with 52 ERROR findings). moto validates
 * access keys here ({@code INITIAL_NO_AUTH_ACTION_COUNT=0}).
 */
class PreflightIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer("INITIAL_NO_AUTH_ACTION_COUNT=0");
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  Result inProcess(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  /** The built jar in a clean environment: no AWS_* but those given, no ~/.aws, no instance metadata. */
  Result jar(String... envAndArgs) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", Path.of("target/fargate-ci-audit.jar").toAbsolutePath().toString()));
    ProcessBuilder pb = new ProcessBuilder().directory(dir.toFile());
    pb.environment().clear();
    pb.environment().put("PATH", System.getenv("PATH"));
    pb.environment().put("HOME", dir.toString());
    pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    pb.environment().put("AWS_ENDPOINT_URL", MOTO.endpoint());
    for (String a : envAndArgs) {
      if (a.matches("[A-Z_]+=.*")) pb.environment().put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
      else cmd.add(a);
    }
    Process p = pb.command(cmd).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Result(p.exitValue(), out, err);
  }

  @Test
  void aMisspeltRegionIsOneLineBeforeAnyCall() throws Exception {
    Result r = inProcess("audit", "--live", "--region", "us-east1", "--out", dir.resolve("out").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().trim()).isEqualTo("fargate-ci-audit: region 'us-east1' is not an AWS region (did you mean us-east-1?);"
        + " regions come from --region, the config's regions, else AWS_REGION or the profile");
    assertThat(dir.resolve("out")).doesNotExist();

    Result env = jar("AWS_REGION=us-east1", "AWS_ACCESS_KEY_ID=" + MotoServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY=x",
        "audit", "--live", "--out", "out");
    assertThat(env.code()).as(env.err()).isEqualTo(2);
    assertThat(env.err().lines().toList()).singleElement().asString().startsWith("fargate-ci-audit: region 'us-east1' is not an AWS region");
  }

  @Test
  void noCredentialsIsOneLineAndNoReport() throws Exception {
    Result r = jar("AWS_REGION=us-east-1", "audit", "--live", "--out", "out");
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines().toList()).singleElement().asString()
        .startsWith("fargate-ci-audit: no usable AWS credentials (")
        .endsWith("); set AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void credentialsAwsRefusesAreOneLineAndNoReport() {
    MotoServer.useCredentials("AKIAUNKNOWNUNKNOWN00", "not-a-secret");
    Result r = inProcess("audit", "--live", "--region", "eu-west-2", "--out", dir.resolve("out").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines().toList()).singleElement().asString()
        .startsWith("fargate-ci-audit: AWS refused the credentials (sts:GetCallerIdentity: ")
        // AWS answers InvalidClientTokenId; moto 5.2.1 a 403 whose body the SDK does not parse as an STS error.
        .containsAnyOf("InvalidClientTokenId", "HTTP 403");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  /**
   * With only the built-in rules the scan starts beside the rules' loading; a user rule is checked
   * first, so a bad one ends the audit before any AWS call (the endpoint, a loopback socket that
   * accepts nothing, sees no connection).
   */
  @Test
  void aBadUserRuleEndsALiveAuditBeforeAnyCall() throws Exception {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(rules.resolve("FCA-BAD-001.yml"), "id: [not closed\n");
    try (ServerSocket aws = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Result r = jar("AWS_ENDPOINT_URL=http://127.0.0.1:" + aws.getLocalPort(), "AWS_REGION=eu-west-2",
          "AWS_ACCESS_KEY_ID=" + MotoServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY=x",
          "audit", "--live", "--rules", rules.toString(), "--out", "out");
      assertThat(r.code()).as(r.err()).isEqualTo(2);
      assertThat(r.err().lines().toList()).singleElement().asString().contains("FCA-BAD-001.yml");
      assertThat(dir.resolve("out")).doesNotExist();
      aws.setSoTimeout(500);
      boolean connected;
      try (var ignored = aws.accept()) {
        connected = true;
      } catch (SocketTimeoutException e) {
        connected = false;
      }
      assertThat(connected).as("a connection to the AWS endpoint").isFalse();
    }
  }
}
