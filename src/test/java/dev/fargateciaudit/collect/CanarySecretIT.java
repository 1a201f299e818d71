package dev.fargateciaudit.collect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.NetworkMode;

/**
 * Secret hygiene (issue #8.4). A canary, a random value made for this run, is planted where an
 * account keeps secrets: plaintext environment values of a task definition (under a secret-looking
 * name, a plain name, and inside ordinary text), and a Secrets Manager secret's tags (key and
 * value), description and value. The packaged CLI then runs as a user runs it, in its own JVM with
 * {@code --debug}: {@code collect} and {@code audit --live} against moto (planted through the SDK),
 * and {@code audit --snapshot --planned} (planted in a planned task definition and in the runner's
 * {@code config.toml} token). Neither the canary nor the credentials handed to the tool (access
 * key id, secret key, session token) may appear in any file the run wrote, in its stdout or stderr,
 * in any encoding {@link CanaryScan} knows. The test also checks that each plant reached the tool
 * (the environment names and the secret are in the inventory), so it cannot pass by missing them.
 */
class CanarySecretIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer().keepStateBetweenTests();

  static final String CORE = "cnry" + CanaryScan.random("abcdefghijklmnopqrstuvwxyz0123456789", 28);
  static final String ACCESS_KEY = "AKIA" + CanaryScan.random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
  static final String SECRET_KEY = CanaryScan.random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40);
  static final String SESSION_TOKEN = "IQoJb3JpZ2luX2Vj" + CanaryScan.random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 200);
  /** Environment variables planted in the task definition: name to value. */
  static final Map<String, String> PLANTED_ENV = Map.of(
      "GITLAB_TOKEN", "glpat-" + CORE,
      "CACHE_BUCKET_SUFFIX", CORE,
      "WELCOME_TEXT", "hello " + CORE + " world");

  static final CanaryScan SCAN = new CanaryScan(List.of(CORE, ACCESS_KEY, SECRET_KEY, SESSION_TOKEN));
  static String canarySecretArn;
  static final List<String> report = new ArrayList<>();

  @BeforeAll
  static void plant() {
    try (Estate e = new Estate(MOTO.endpoint(), "eu-west-2").blog()) {
      canarySecretArn = e.sm.createSecret(r -> r.name("ci/canary-registry-login")
          .description("owner note " + CORE)
          .secretString("{\"username\":\"u\",\"password\":\"" + CORE + "\"}")
          .tags(t -> t.key("note").value(CORE), t -> t.key("k-" + CORE).value("x"))).arn();
      List<KeyValuePair> env = new ArrayList<>();
      PLANTED_ENV.forEach((k, v) -> env.add(KeyValuePair.builder().name(k).value(v).build()));
      e.ecs.registerTaskDefinition(r -> r.family("canary-ci").networkMode(NetworkMode.AWSVPC)
          .requiresCompatibilities(Compatibility.FARGATE).cpu("512").memory("1024")
          .containerDefinitions(ContainerDefinition.builder().name("ci").image("registry.example.com/ci:1").memory(512)
              .essential(true).environment(env).repositoryCredentials(c -> c.credentialsParameter(canarySecretArn)).build()));
    }
  }

  @Test
  void liveCollectAndAuditLeakNothing(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(Files.createDirectories(dir.resolve("in")).resolve("audit.yml"),
        "regions: [eu-west-2]\nci:\n  taskDefinitionFamilies: [\"gitlab-ci*\", canary-ci]\n");
    Path work = Files.createDirectories(dir.resolve("work"));
    Path out = Files.createDirectories(work.resolve("out"));

    Run collect = run(work, "collect", "--debug", "--config", config.toString(), "--out", out.resolve("inventory-collected.json").toString());
    assertThat(collect.exit).as("collect exit; stderr: %s", collect.err).isZero();
    assertPlantsReached(Mappers.json().readTree(out.resolve("inventory-collected.json").toFile()), "canary-ci");

    Run audit = run(work, "audit", "--live", "--debug", "--config", config.toString(), "--out", out.resolve("live").toString(),
        "--save-snapshot", out.resolve("saved-live.json").toString());
    assertThat(audit.exit).as("audit exit; stderr: %s", audit.err).isIn(0, 1);
    assertThat(out.resolve("live")).isDirectoryContaining("glob:**/report.html").isDirectoryContaining("glob:**/junit.xml")
        .isDirectoryContaining("glob:**/findings.json").isDirectoryContaining("glob:**/inventory.json");
    assertPlantsReached(Mappers.json().readTree(out.resolve("saved-live.json").toFile()), "canary-ci");

    Path notADir = Files.writeString(out.resolve("occupied"), "a file where the report folder should be");
    Run failing = run(work, "audit", "--live", "--debug", "--config", config.toString(), "--out", notADir.toString());
    assertThat(failing.exit).as("audit into a file fails").isNotIn(0, 1, 3);
    assertThat(failing.err).as("--debug prints the error with its stack trace").contains("\tat ");

    assertNoLeak(work, collect, audit, failing);
  }

  @Test
  void snapshotAuditWithPlannedChangeLeaksNothing(@TempDir Path dir) throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Path planned = Files.createDirectories(in.resolve("planned"));
    Path example = Path.of("examples/planned/compliant").toAbsolutePath();
    try (Stream<Path> files = Files.walk(example)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path to = planned.resolve(example.relativize(f).toString());
        Files.createDirectories(to.getParent());
        Files.copy(f, to);
      }
    }
    ObjectNode td = (ObjectNode) Mappers.json().readTree(planned.resolve("taskdef.json").toFile());
    ArrayNode env = (ArrayNode) td.path("containerDefinitions").get(0).path("environment");
    PLANTED_ENV.forEach((k, v) -> env.addObject().put("name", k).put("value", v));
    Files.writeString(planned.resolve("taskdef.json"), Mappers.json().writerWithDefaultPrettyPrinter().writeValueAsString(td));
    Path runnerConfig = planned.resolve("config.toml");
    Files.writeString(runnerConfig, Files.readString(runnerConfig).replace("\"REDACTED\"", "\"glrt-" + CORE + "\""));
    assertThat(Files.readString(runnerConfig)).contains(CORE);

    Path work = Files.createDirectories(dir.resolve("work"));
    Path out = Files.createDirectories(work.resolve("out"));
    Run audit = run(work, "audit", "--snapshot", Path.of("examples/blog-setup/inventory.json").toAbsolutePath().toString(),
        "--config", Path.of("examples/blog-setup/audit.yml").toAbsolutePath().toString(), "--planned", planned.toString(),
        "--debug", "--out", out.resolve("snapshot").toString(), "--save-snapshot", out.resolve("saved-planned.json").toString());
    assertThat(audit.exit).as("audit exit; stderr: %s", audit.err).isIn(0, 1);
    assertThat(out.resolve("snapshot")).isDirectoryContaining("glob:**/report.html");
    assertPlantsReached(Mappers.json().readTree(out.resolve("saved-planned.json").toFile()), "gitlab-ci-fargate");

    Path badSnapshot = Files.writeString(in.resolve("bad-snapshot.json"), Files.readString(
        Path.of("examples/blog-setup/inventory.json")).replaceFirst("\"classification\"", "\"value\": \"" + CORE + "\", \"classification\""));
    Run rejected = run(work, "audit", "--snapshot", badSnapshot.toString(), "--debug", "--out", out.resolve("rejected").toString());
    assertThat(rejected.exit).as("a snapshot holding a value is bad input; stderr: %s", rejected.err).isEqualTo(2);
    // Positioned, and naming neither the key nor the value (issue #29 d04: errors quote nothing of the file).
    assertThat(rejected.err).contains("bad-snapshot.json:").contains(
        "unknown field in taskDefinitions[0].containers[0].environment[0] (expected one of [name, classification])");
    assertNoLeak(work, audit, rejected);
  }

  /** The environment names (not values) and the classifications are there: the plant was read. */
  private static void assertPlantsReached(JsonNode inventory, String family) {
    List<String> seen = new ArrayList<>();
    inventory.path("taskDefinitions").forEach(t -> {
      if (!t.path("family").asText().equals(family)) return;
      t.path("containers").forEach(c -> c.path("environment").forEach(v ->
          seen.add(v.path("name").asText() + "=" + v.path("classification").asText())));
    });
    assertThat(seen).as("planted variables in %s", family)
        .contains("GITLAB_TOKEN=token")
        .anyMatch(s -> s.startsWith("CACHE_BUCKET_SUFFIX="))
        .anyMatch(s -> s.startsWith("WELCOME_TEXT="));
    if (family.equals("canary-ci")) {
      assertThat(inventory.path("secrets").findValuesAsText("arn")).as("the canary secret was described").contains(canarySecretArn);
    }
  }

  /** Scans every file under {@code dir} (the runs' working folder: outputs, temp files) and the terminal output. */
  private static void assertNoLeak(Path dir, Run... runs) throws IOException {
    List<String> found = new ArrayList<>();
    int before = SCAN.filesScanned();
    found.addAll(SCAN.scanTree(dir));
    for (Run r : runs) {
      found.addAll(SCAN.scanText(r.name + " stdout", r.out));
      found.addAll(SCAN.scanText(r.name + " stderr", r.err));
    }
    System.out.printf("canary scan: %d files and %d terminal streams, no leak expected; found %s%n",
        SCAN.filesScanned() - before, runs.length * 2, found);
    assertThat(SCAN.filesScanned() - before).as("files scanned").isGreaterThanOrEqualTo(runs.length);
    assertThat(found).as("canary %s or credentials found", CORE).isEmpty();
  }

  record Run(String name, int exit, String out, String err) {}

  /**
   * Runs the packaged jar in a fresh JVM, in {@code dir}, with the credentials in the environment
   * (as a CI job passes them) and a private temp folder inside {@code dir}, so stray files are scanned too.
   */
  private static Run run(Path dir, String... args) throws IOException, InterruptedException {
    Path jar = Path.of("target/fargate-ci-audit.jar").toAbsolutePath();
    assertThat(jar).as("packaged before the ITs").exists();
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + tmp, "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
    pb.environment().put("HOME", dir.toString());
    pb.environment().put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
    pb.environment().put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    pb.environment().put("AWS_SESSION_TOKEN", SESSION_TOKEN);
    pb.environment().put("AWS_ENDPOINT_URL", MOTO.endpoint());
    pb.environment().put("AWS_REGION", "eu-west-2");
    Path stdout = Files.createTempFile("canary-out", ".txt");
    Path stderr = Files.createTempFile("canary-err", ".txt");
    pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("fargate-ci-audit " + String.join(" ", args) + " did not finish in 180 s");
    }
    Run r = new Run(args[0] + " " + args[1], p.exitValue(), Files.readString(stdout, StandardCharsets.ISO_8859_1),
        Files.readString(stderr, StandardCharsets.ISO_8859_1));
    Files.delete(stdout);
    Files.delete(stderr);
    return r;
  }
}
