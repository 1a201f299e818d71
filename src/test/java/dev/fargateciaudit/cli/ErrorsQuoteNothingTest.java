package dev.fargateciaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Errors never quote the file (issue #29 d04): each kind of input, broken in each way its parser or
 * checks can find, with a canary where the fault is (an unquoted secret, an unknown key, a bad value,
 * a YAML tag, a TOML token). The CLI must exit 2 with one positioned line that holds no part of the
 * canary: the base build printed "Unrecognized token 'glpat...'", keys, values and Jackson's texts.
 */
class ErrorsQuoteNothingTest {
  /** Looks like a GitLab token, as a secret pasted by mistake would. */
  static final String CANARY = "glpatCanary7Qx9Zr";

  @TempDir Path dir;

  static Arguments c(String kind, String name, String content) {
    return Arguments.of(kind, name, content.replace("CANARY", CANARY));
  }

  static Stream<Arguments> cases() {
    String td = "{\"family\": \"gitlab-ci-fargate\", \"containerDefinitions\": [{\"name\": \"job\", \"image\": \"x\", %s}]}";
    String policy = "{\"Version\": \"2012-10-17\", \"Statement\": [%s]}";
    String waiver = "- rule: %s\n  resource: sg-1\n  reason: r\n  approvedBy: a\n  expires: %s\n";
    return Stream.of(
        c("planned", "taskdef.json", td.formatted("\"environment\": [{\"name\": \"TOKEN\", \"value\": CANARY}]")),
        c("planned", "taskdef.json", td.formatted("\"CANARY\": true")),
        c("planned", "taskdef.json", td.formatted("\"environment\": [{\"name\": \"T\", \"value\": \"\\qCANARY\"}]")),
        c("planned", "taskdef.json", td.formatted("\"environment\": [{\"name\": \"T\", \"value\": \"CANARY\nmore\"}]")),
        c("planned", "taskdef.json", td.formatted("\"cpu\": 1, // CANARY\n\"memory\": \"1\"")),
        c("planned", "taskdef.json", td.formatted("\"cpu\": 0CANARY")),
        c("planned", "iam.yml", "roles:\n  - role: ci\n    CANARY: x\n"),
        c("planned", "iam.yml", "roles:\n  - role: ci\n    managedPolicies: [\"arn:CANARY\"]\n"),
        c("planned", "iam.yml", "roles:\n  - role: !CANARY!x ci\n"),
        c("planned", "iam.yml", "roles:\n  - role: \"ci\\qCANARY\"\n"),
        c("policy", "p.json", policy.formatted("{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\", \"CANARY\": 1}")),
        c("policy", "p.json", policy.formatted("{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\","
            + " \"Condition\": {\"CANARY\": {\"aws:x\": \"y\"}}}")),
        c("policy", "p.json", "{\"CANARY\": 1, \"Statement\": []}"),
        c("config", "audit.yml", "regions: [CANARY]\n"),
        c("config", "audit.yml", "CANARY: 1\n"),
        c("config", "audit.yml", "network:\n  sshSources: [CANARY]\n"),
        c("config", "audit.yml", "regions: [eu-west-2]\nregions: [CANARY]\nCANARY: 1\n"),
        c("config", "audit.yml", "regions: &CANARY [eu-west-2]\nci: {clusters: *CANARY}\n"),
        c("config", "audit.yml", "ci:\n  runnerRole: arn:aws:iam::123456789012:user/CANARY\n"),
        c("config", "audit.yml", "accounts:\n  - id: \"123456789012\"\n    roleArn: arn:aws:iam::210987654321:role/CANARY\n"),
        c("config", "audit.yml", "images: {allowedRegistries: [\"https://CANARY\"]}\n"),
        c("config", "audit.yml", "ci:\n  clusters: \"CANARY\n"),
        c("waivers", "waivers.yml", waiver.formatted("FCA-CANARY-001", "2026-12-31")),
        c("waivers", "waivers.yml", waiver.formatted("FCA-PORTS-001", "CANARY")),
        c("waivers", "waivers.yml", waiver.formatted("FCA-PORTS-001", "+999999999-12-31") + "  CANARY: x\n"),
        c("snapshot", "s.json", "{\"schemaVersion\": 1, \"CANARY\": []}"),
        c("snapshot", "s.json", "{\"schemaVersion\": 1, \"meta\": {\"accountId\": \"CANARY\"}}"),
        c("snapshot", "s.json", "{\"schemaVersion\": 1, \"vpcs\": [{\"id\": CANARY}]}"),
        c("snapshot", "s.json", "{\"schemaVersion\": \"CANARY\"}"),
        c("snapshot", "s.json", "{\"schemaVersion\": 1, \"vpcs\": [{\"id\": \"v\", \"tags\": {\"CANARY\": \"a\", \"CANARY\": \"b\"}}]}"),
        c("snapshot", "s.json", "{\"schemaVersion\": 1, \"meta\": {\"collectedAt\": \"CANARY\"}}"),
        c("toml", "fargate.toml", "[Fargate]\nCluster = CANARY\n"),
        c("toml", "fargate.toml", "[Fargate]\nCluster = \"a\"\nCluster = \"CANARY\"\n"),
        c("toml", "fargate.toml", "[CANARY\nCluster = \"a\"\n"),
        c("toml", "fargate.toml", "[Fargate]\nCluster = \"\\qCANARY\"\n"),
        c("toml", "fargate.toml", "[SSH]\nPort = 99999999999999999999999\n[Fargate]\nCluster = \"CANARY\"\n"),
        c("rules", "FCA-TEST-001.yml", "id: CANARY\n"),
        c("rules", "FCA-TEST-001.yml", "id: FCA-TEST-001\nCANARY: 1\n"),
        c("baseline", "findings.json", "{\"schemaVersion\": CANARY}"),
        c("baseline", "findings.json", "{\"schemaVersion\": 1, \"CANARY\": 1}"));
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @MethodSource("cases")
  void anErrorNamesThePositionNeverTheText(String kind, String name, String content) throws IOException {
    Path snapshot = Path.of("src/test/resources/bad-input/valid-minimal.json").toAbsolutePath();
    Path file;
    List<String> args = new ArrayList<>(List.of("audit", "--snapshot", snapshot.toString(), "--out", dir.resolve("out").toString()));
    switch (kind) {
      case "planned", "policy" -> {
        Path planned = Files.createDirectories(dir.resolve("planned"));
        file = Files.writeString(planned.resolve(name), content);
        if (kind.equals("policy")) {
          Files.writeString(planned.resolve("iam.yml"), "roles:\n  - role: ci\n    inlinePolicies: {p: " + name + "}\n");
        }
        args.addAll(List.of("--planned", planned.toString()));
      }
      case "rules" -> {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        file = Files.writeString(rules.resolve(name), content);
        args.addAll(List.of("--rules", rules.toString()));
      }
      case "toml" -> {
        file = Files.writeString(dir.resolve(name), content);
        Path config = Files.writeString(dir.resolve("audit.yml"), "ci:\n  runnerConfig: " + name + "\n");
        args.addAll(List.of("--config", config.toString()));
      }
      case "snapshot" -> {
        file = Files.writeString(dir.resolve(name), content);
        args.set(2, file.toString());
      }
      default -> {
        file = Files.writeString(dir.resolve(name), content);
        args.addAll(List.of("--" + kind, file.toString()));
      }
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isEqualTo(2);
    assertThat(err.toString().lines().toList()).hasSize(1);
    assertThat(err.toString()).startsWith(file + ":");
    String said = (out + err.toString()).toLowerCase(Locale.ROOT);
    // Not the canary, nor any 6 characters of it in a row.
    for (int i = 0; i + 6 <= CANARY.length(); i++) {
      assertThat(said).as("quotes the file: %s", err).doesNotContain(CANARY.substring(i, i + 6).toLowerCase(Locale.ROOT));
    }
  }
}
