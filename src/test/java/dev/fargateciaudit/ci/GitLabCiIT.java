package dev.fargateciaudit.ci;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.fargateciaudit.findings.FindingsDocument;
import dev.fargateciaudit.findings.FindingsJson;
import dev.fargateciaudit.input.Mappers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The project's {@code .gitlab-ci.yml} and the templates under {@code ci-templates/}: they parse, every
 * job's stage exists, every command a script line runs is in the repository or a standard command of
 * the job's image, and the audit and gate jobs' scripts run green in bash against the bundled examples
 * with the jar built by {@code package}. The GitLab job artifacts API the scheduled audit fetches its
 * baseline from is a WireMock server on 127.0.0.1.
 */
class GitLabCiIT {
  static final Path REPO = Path.of("").toAbsolutePath();
  static final List<String> DEFAULT_STAGES = List.of(".pre", "build", "test", "deploy", ".post");
  static final Set<String> RESERVED = Set.of(
      "stages", "variables", "default", "include", "workflow", "image", "services", "cache", "before_script", "after_script");
  /** Commands the jobs' images provide (Debian/Ubuntu base, a JDK or JRE, curl and unzip), and the venv's pip. */
  static final Set<String> STANDARD_COMMANDS = Set.of(
      "apt-get", "java", "python3", "mkdir", "rm", "cp", "echo", "curl", "unzip", "[", "test", "export", "/opt/moto/bin/pip");

  static WireMockServer gitlab;
  @TempDir Path work;

  @BeforeAll
  static void startGitLabApi() {
    gitlab = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    gitlab.start();
  }

  @AfterAll
  static void stopGitLabApi() {
    gitlab.stop();
  }

  static Stream<String> pipelineFiles() throws IOException {
    List<String> files = new ArrayList<>(List.of(".gitlab-ci.yml"));
    try (Stream<Path> s = Files.list(REPO.resolve("ci-templates"))) {
      s.map(p -> "ci-templates/" + p.getFileName()).filter(n -> n.endsWith(".yml")).sorted().forEach(files::add);
    }
    assertThat(files).contains("ci-templates/scheduled-audit.yml", "ci-templates/pre-deploy-gate.yml", "ci-templates/multi-account-audit.yml");
    return files.stream();
  }

  static JsonNode parse(String file) throws IOException {
    return Mappers.yaml().readTree(Files.readAllBytes(REPO.resolve(file)));
  }

  static Map<String, JsonNode> jobs(JsonNode root, boolean withHidden) {
    Map<String, JsonNode> jobs = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (RESERVED.contains(e.getKey()) || !e.getValue().isObject()) continue;
      if (e.getKey().startsWith(".") && !withHidden) continue;
      jobs.put(e.getKey(), e.getValue());
    }
    return jobs;
  }

  static List<String> lines(JsonNode root, JsonNode job, String key) {
    JsonNode n = job.has(key) ? job.get(key) : root.path("default").path(key);
    List<String> out = new ArrayList<>();
    if (n.isTextual()) out.add(n.asText());
    for (JsonNode l : n) out.add(l.asText());
    return out;
  }

  @ParameterizedTest
  @MethodSource("pipelineFiles")
  void everyJobRunsInADeclaredStageAndNeedsJobsThatExist(String file) throws IOException {
    JsonNode root = parse(file);
    List<String> stages = new ArrayList<>();
    if (root.has("stages")) {
      stages.addAll(List.of(".pre", ".post"));
      root.get("stages").forEach(s -> stages.add(s.asText()));
    } else {
      stages.addAll(DEFAULT_STAGES);
    }
    Map<String, JsonNode> jobs = jobs(root, false);
    assertThat(jobs).as("%s defines jobs", file).isNotEmpty();
    jobs.forEach((name, job) -> {
      String stage = job.path("stage").asText("test");
      assertThat(stages).as("%s: stage of job %s", file, name).contains(stage);
      assertThat(lines(root, job, "script")).as("%s: %s has a script", file, name).isNotEmpty();
    });
    jobs(root, true).forEach((name, job) -> job.path("needs").forEach(n -> {
      String needed = n.isTextual() ? n.asText() : n.path("job").asText();
      assertThat(jobs).as("%s: %s needs %s", file, name, needed).containsKey(needed);
    }));
  }

  @ParameterizedTest
  @MethodSource("pipelineFiles")
  void everyScriptCommandIsInTheRepositoryOrTheImage(String file) throws IOException {
    JsonNode root = parse(file);
    jobs(root, true).forEach((name, job) -> {
      List<String> all = new ArrayList<>();
      for (String key : List.of("before_script", "script", "after_script")) all.addAll(lines(root, job, key));
      for (String line : all) {
        for (String cmd : ShellCommands.commands(line)) {
          boolean inRepo = (cmd.startsWith("./") && Files.isExecutable(REPO.resolve(cmd.substring(2))))
              || (!cmd.contains("/") && Files.isExecutable(REPO.resolve(cmd)));
          boolean builtJar = cmd.equals("java") && line.contains("-jar target/fargate-ci-audit.jar");
          assertThat(inRepo || builtJar || STANDARD_COMMANDS.contains(cmd))
              .as("%s: job %s runs '%s' (in: %s), which is neither in the repository nor a standard command", file, name, cmd, line)
              .isTrue();
        }
      }
    });
  }

  record Result(int code, String output) {}

  /** Runs a job's before_script and script as GitLab does: one bash script, stopping at the first failure. */
  Result runJob(String file, String jobName, Map<String, String> overrides) throws Exception {
    JsonNode root = parse(file);
    JsonNode job = root.get(jobName);
    Map<String, String> env = new LinkedHashMap<>();
    root.path("variables").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    job.path("variables").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    JsonNode matrix = job.path("parallel").path("matrix").path(0);
    matrix.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().isArray() ? e.getValue().get(0).asText() : e.getValue().asText()));
    env.putAll(overrides);
    List<String> script = new ArrayList<>(List.of("set -eo pipefail"));
    script.addAll(lines(root, job, "before_script"));
    script.addAll(lines(root, job, "script"));

    ProcessBuilder pb = new ProcessBuilder("bash", "-c", String.join("\n", script)).directory(work.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    pb.environment().put("PATH", REPO + ":" + System.getenv("PATH"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    if (out.contains("is not available yet")) Assumptions.abort("needs another issue's work: " + out.trim());
    return new Result(p.exitValue(), out);
  }

  /** A checkout: the examples and the built jar, as the job sees them. */
  void checkout() throws IOException {
    Files.createSymbolicLink(work.resolve("examples"), REPO.resolve("examples"));
    Files.createSymbolicLink(work.resolve("target"), REPO.resolve("target"));
    assertThat(REPO.resolve("target/fargate-ci-audit.jar")).as("the jar built by package").exists();
  }

  Map<String, String> ciVariables() {
    return new LinkedHashMap<>(Map.of(
        "CI_PIPELINE_SOURCE", "schedule",
        "CI_API_V4_URL", "http://127.0.0.1:" + gitlab.port() + "/api/v4",
        "CI_PROJECT_ID", "42",
        "CI_COMMIT_REF_NAME", "main",
        "CI_JOB_NAME", "fca-scheduled-audit",
        "CI_JOB_TOKEN", "test-job-token",
        "FCA_CONFIG", "examples/hardened/audit.yml",
        "FCA_AUDIT_ARGS", "--snapshot examples/hardened/inventory.json"));
  }

  @Test
  void projectPipelineAuditsTheExamples() throws Exception {
    checkout();
    Result r = runJob(".gitlab-ci.yml", "example-audit", Map.of());
    assertThat(r.code()).as(r.output()).isZero();
    assertThat(work.resolve("reports/hardened/junit.xml")).exists();
    assertThat(work.resolve("reports/hardened/report.html")).exists();
    assertThat(r.output()).contains("fixed");
  }

  @Test
  void scheduledAuditRunsWithoutAndThenWithTheFetchedBaseline() throws Exception {
    checkout();
    gitlab.resetAll();
    gitlab.stubFor(get(urlPathEqualTo("/api/v4/projects/42/jobs/artifacts/main/download"))
        .willReturn(aResponse().withStatus(404).withBody("{\"message\":\"404 Not found\"}")));
    Result first = runJob("ci-templates/scheduled-audit.yml", "fca-scheduled-audit", ciVariables());
    assertThat(first.code()).as(first.output()).isZero();
    assertThat(first.output()).contains("auditing without a baseline");
    Path findings = work.resolve("reports/fargate-ci-audit/findings.json");
    assertThat(work.resolve("reports/fargate-ci-audit/junit.xml")).exists();
    assertThat(work.resolve("reports/fargate-ci-audit/report.html")).exists();

    gitlab.stubFor(get(urlPathEqualTo("/api/v4/projects/42/jobs/artifacts/main/download"))
        .withQueryParam("job", equalTo("fca-scheduled-audit"))
        .withHeader("JOB-TOKEN", equalTo("test-job-token"))
        .willReturn(aResponse().withStatus(200).withBody(zip("reports/fargate-ci-audit/findings.json", Files.readAllBytes(findings)))));
    Result second = runJob("ci-templates/scheduled-audit.yml", "fca-scheduled-audit", ciVariables());
    assertThat(second.code()).as(second.output()).isZero();
    assertThat(second.output()).contains("baseline: findings.json of the last successful fca-scheduled-audit on main");
    gitlab.verify(getRequestedFor(urlPathEqualTo("/api/v4/projects/42/jobs/artifacts/main/download"))
        .withHeader("JOB-TOKEN", equalTo("test-job-token")));
    FindingsDocument doc = FindingsJson.read(findings);
    assertThat(doc.findings()).isNotEmpty().noneMatch(f -> f.isNew());
  }

  @Test
  void gateJobPassesACompliantChangeAndBlocksAPort80One() throws Exception {
    checkout();
    Map<String, String> vars = ciVariables();
    vars.put("CI_PIPELINE_SOURCE", "merge_request_event");
    vars.put("FCA_PLANNED", "examples/planned/compliant");
    Result ok = runJob("ci-templates/pre-deploy-gate.yml", "fca-gate", vars);
    assertThat(ok.code()).as(ok.output()).isZero();
    assertThat(work.resolve("reports/fargate-ci-audit-gate/junit.xml")).exists();

    vars.put("FCA_PLANNED", "examples/planned/port-80");
    Result blocked = runJob("ci-templates/pre-deploy-gate.yml", "fca-gate", vars);
    FindingsDocument gate = FindingsJson.read(work.resolve("reports/fargate-ci-audit-gate/findings.json"));
    Assumptions.assumeTrue(gate.rules().stream().anyMatch(r -> "ciTask".equals(r.subject())),
        "no rule on subject ciTask is loaded yet (issue #3)");
    assertThat(blocked.code()).as(blocked.output()).isEqualTo(1);
  }

  @Test
  void multiAccountShardsMergeIntoOneReport() throws Exception {
    checkout();
    Map<String, String> vars = ciVariables();
    Result shard = runJob("ci-templates/multi-account-audit.yml", "fca-audit-account", vars);
    assertThat(shard.code()).as(shard.output()).isZero();
    vars.put("FCA_AUDIT_ARGS", "--snapshot examples/blog-setup/inventory.json");
    vars.put("FCA_CONFIG", "examples/blog-setup/audit.yml");
    vars.put("FCA_REGION", "us-east-1");
    assertThat(runJob("ci-templates/multi-account-audit.yml", "fca-audit-account", vars).code()).isZero();

    Result merge = runJob("ci-templates/multi-account-audit.yml", "fca-merge", vars);
    // The blog estate fails the gate: exit 1, an allowed failure of the merge job.
    assertThat(merge.code()).as(merge.output()).isEqualTo(1);
    FindingsDocument merged = FindingsJson.read(work.resolve("reports/fargate-ci-audit/findings.json"));
    assertThat(merged.meta().source()).isEqualTo("merged");
    assertThat(merged.findings()).allSatisfy(f -> {
      assertThat(f.resource().account()).isNotBlank();
      assertThat(f.resource().region()).isNotBlank();
    });
  }

  static byte[] zip(String name, byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      z.putNextEntry(new ZipEntry(name));
      z.write(content);
      z.closeEntry();
    }
    return bytes.toByteArray();
  }
}
