package dev.fargateciaudit.cli;

import static dev.fargateciaudit.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paths read from inside a planned folder, a rule folder or a config stay inside the folder that
 * names them once links are followed (issue #29 d04, d11): a linked sub-folder that stays inside is
 * read, anything leading outside is exit 2 naming the path, never the content it leads to, and
 * nothing is skipped.
 */
class InputContainmentTest {
  static final String HARDENED = "examples/hardened/inventory.json";
  /** What a file outside the planned folder holds: it must never reach the terminal. */
  static final String CANARY = "glpat-CanaryOutsideThePlannedFolder";

  @TempDir Path dir;
  Path planned;
  Path outside;

  @BeforeEach
  void folders() throws IOException {
    planned = Files.createDirectories(dir.resolve("planned"));
    outside = Files.createDirectories(dir.resolve("elsewhere"));
    // Not JSON: an error that quoted it would print the canary.
    Files.writeString(outside.resolve("secret.json"), "{\"Version\": \"2012-10-17\", \"Statement\": " + CANARY + "}\n");
  }

  CliRun audit(String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("audit", "--snapshot", HARDENED, "--planned", planned.toString(),
        "--out", dir.resolve("out").toString(), "--quiet", "--fail-on", "medium"));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  /** d11: the change in a linked sub-folder that stays inside is judged (port 80, FCA-PORTS-008, medium, fails the gate), once. */
  @Test
  void aLinkedSubFolderInsideThePlannedFolderIsRead() throws IOException {
    Path real = Files.createDirectories(planned.resolve("v2"));
    Files.copy(Path.of("examples/planned/port-80/taskdef.json"), real.resolve("taskdef.json"));
    Files.createSymbolicLink(planned.resolve("current"), Path.of("v2"));
    CliRun r = audit();
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    // Read once, by the first of its two paths.
    assertThat(dir.resolve("out/findings.json")).content().contains("\"file\" : \"" + planned.resolve("current/taskdef.json"))
        .doesNotContain("v2/taskdef.json");
    CliRun only = run("audit", "--snapshot", HARDENED, "--planned", planned.resolve("current").toString(),
        "--out", dir.resolve("out2").toString(), "--quiet", "--fail-on", "medium");
    assertThat(only.code()).as(only.err()).isEqualTo(1);
  }

  /** d11: a linked sub-folder leading outside is refused, naming the link; it was skipped, and the gate passed. */
  @Test
  void aLinkedSubFolderLeadingOutsideIsRefusedNotSkipped() throws IOException {
    Files.copy(Path.of("examples/planned/port-80/taskdef.json"), outside.resolve("taskdef.json"));
    Files.delete(outside.resolve("secret.json"));
    Files.copy(Path.of("examples/planned/port-80/fargate.toml"), planned.resolve("fargate.toml"));
    Files.createSymbolicLink(planned.resolve("td"), outside);
    CliRun r = audit();
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines()).containsExactly(planned.resolve("td") + ": leads outside " + planned
        + " (a symbolic link; expected files inside the folder)");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  /** d04: iam.yml naming a file outside the planned folder, by absolute path, by ../ or through a link. */
  @Test
  void iamYmlCannotNameAFileOutsideThePlannedFolder() throws IOException {
    Path secret = outside.resolve("secret.json");
    for (String path : List.of(secret.toString(), "../elsewhere/secret.json")) {
      Files.writeString(planned.resolve("iam.yml"), "roles:\n  - role: gitlab-ci-task-execution\n    trustPolicy: " + path + "\n");
      CliRun r = audit();
      assertThat(r.code()).as(path).isEqualTo(2);
      assertThat(r.err().lines()).as(path).containsExactly(planned.resolve("iam.yml") + ":3:5: policy file '" + path
          + "' is outside the planned folder " + planned + " (expected a path inside it, relative to " + planned.resolve("iam.yml")
          + "; no absolute path, no link leading out) at /roles/0/trustPolicy");
      assertThat(r.err() + r.out()).doesNotContain("Canary");
    }
    // A link inside the folder that leads out is refused by the walk, naming the link.
    Files.createSymbolicLink(Files.createDirectories(planned.resolve("policies")).resolve("link.json"), secret);
    Files.writeString(planned.resolve("iam.yml"), "roles:\n  - role: gitlab-ci-task-execution\n    trustPolicy: policies/link.json\n");
    CliRun linked = audit();
    assertThat(linked.code()).isEqualTo(2);
    assertThat(linked.err().lines()).containsExactly(planned.resolve("policies/link.json") + ": leads outside " + planned
        + " (a symbolic link; expected files inside the folder)");
    assertThat(linked.err()).doesNotContain("Canary");
  }

  /** A planned config.toml naming a driver config that is not in the planned folder: the machine's own file is not read. */
  @Test
  void configTomlCannotNameAFileOfTheMachine() throws IOException {
    Path machine = Files.copy(Path.of("examples/planned/port-80/fargate.toml"), outside.resolve("driver.toml"));
    Files.writeString(planned.resolve("config.toml"), "[[runners]]\n  [runners.custom]\n    config_args = [\"--config\", \""
        + machine + "\"]\n");
    CliRun r = audit();
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).containsExactly(planned.resolve("config.toml") + ": runners[0].custom.config_args names --config "
        + machine + ", which is not in the planned directory (expected the driver config beside config.toml, or a file of its"
        + " name in " + planned + ")");
  }

  /** ci.runnerConfig relative to the config stays in its folder; an absolute path is the operator's explicit choice. */
  @Test
  void theConfigsRunnerConfigStaysInTheConfigsFolder() throws IOException {
    Path configDir = Files.createDirectories(dir.resolve("repo"));
    Files.copy(Path.of("examples/hardened/fargate.toml"), outside.resolve("fargate.toml"));
    Files.createSymbolicLink(configDir.resolve("linked.toml"), outside.resolve("fargate.toml"));
    for (String path : List.of("../elsewhere/fargate.toml", "linked.toml")) {
      Path config = Files.writeString(configDir.resolve("audit.yml"), "ci:\n  runnerConfig: " + path + "\n");
      CliRun r = run("audit", "--snapshot", HARDENED, "--config", config.toString(), "--out", dir.resolve("out").toString());
      assertThat(r.code()).as(path).isEqualTo(2);
      assertThat(r.err().lines()).as(path).containsExactly(config + ": ci.runnerConfig names " + path
          + ", which leads outside the config's folder " + configDir.toAbsolutePath() + " (expected a path inside it,"
          + " relative to the config, or an absolute path)");
    }
    Path config = Files.writeString(configDir.resolve("audit.yml"), "ci:\n  runnerConfig: " + outside.resolve("fargate.toml") + "\n");
    CliRun absolute = run("audit", "--snapshot", HARDENED, "--config", config.toString(), "--out", dir.resolve("out").toString(), "--quiet");
    assertThat(absolute.code()).as(absolute.err()).isZero();
  }

  /** The same for a --rules folder: a linked sub-folder inside is loaded, one leading outside refused. */
  @Test
  void ruleFoldersFollowTheSameRule() throws IOException {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Path real = Files.createDirectories(rules.resolve("real"));
    Files.writeString(real.resolve("FCA-TEST-001.yml"), Files.readString(Path.of("rules/ports/FCA-PORTS-001.yml"))
        .replace("id: FCA-PORTS-001", "id: FCA-TEST-001"));
    Files.createSymbolicLink(rules.resolve("linked"), Path.of("real"));
    CliRun listed = run("rules", "list", "--rules", rules.toString());
    assertThat(listed.code()).as(listed.err()).isZero();
    assertThat(listed.out().lines().filter(l -> l.startsWith("FCA-TEST-001"))).hasSize(1);

    Files.createSymbolicLink(rules.resolve("out"), outside);
    CliRun refused = run("rules", "list", "--rules", rules.toString());
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err().lines()).containsExactly(rules.resolve("out") + ": leads outside " + rules
        + " (a symbolic link; expected files inside the folder)");
  }
}
