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
import dev.fargateciaudit.collect.MotoExampleEstate;
import dev.fargateciaudit.collect.MotoServer;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.FindingKey;
import dev.fargateciaudit.findings.FindingsDocument;
import dev.fargateciaudit.findings.FindingsJson;
import dev.fargateciaudit.findings.Severity;
import dev.fargateciaudit.findings.Status;
import dev.fargateciaudit.input.Mappers;
import dev.fargateciaudit.output.TemporaryFiles;
import dev.fargateciaudit.report.CodeQualityReporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The templates as a user runs them: a sample project made from docs/gitlab-ci.md's snippets, all
 * three templates included together, run by gitlab-ci-local (shell executor) in a {@code schedule}
 * pipeline and two {@code merge_request_event} pipelines, against moto and a WireMock stand-in for
 * GitLab's job artifacts API, both on 127.0.0.1.
 */
class GitLabPipelinesIT {
  static final Path REPO = Path.of("").toAbsolutePath();
  static final Path GITLAB_CI_LOCAL = Path.of(System.getProperty("user.home"),
      ".cache/fca-gitlab-ci-local/node_modules/.bin/gitlab-ci-local");
  static final String RAW = "/api/v4/projects/42/jobs/artifacts/main/raw/reports/fargate-ci-audit/findings.json";

  @RegisterExtension static final MotoServer MOTO = new MotoServer().keepStateBetweenTests();
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

  /** The fenced block after {@code <!-- snippet: NAME -->} in docs/gitlab-ci.md. */
  public static String snippet(String name) throws IOException {
    String doc = Files.readString(REPO.resolve("docs/gitlab-ci.md"));
    Matcher m = Pattern.compile("<!-- snippet: " + Pattern.quote(name) + " -->\\s*```\\w*\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    assertThat(m.find()).as("docs/gitlab-ci.md has the snippet %s", name).isTrue();
    return m.group(1);
  }

  record Run(int code, String output, Path project) {
    Path artifact(String job, String path) {
      return project.resolve(".gitlab-ci-local/artifacts").resolve(job).resolve(path);
    }

    boolean ran(String job) {
      return Files.exists(project.resolve(".gitlab-ci-local/output/" + job + ".log"));
    }
  }

  Run pipeline(Path project, String source, Map<String, String> more) throws Exception {
    git(project, "add", "-A");
    git(project, "commit", "-q", "--allow-empty", "-m", source);
    TemporaryFiles.delete(project.resolve(".gitlab-ci-local/output"));
    TemporaryFiles.delete(project.resolve(".gitlab-ci-local/artifacts"));
    Path bin = Files.createDirectories(work.resolve("bin"));
    Path launcher = bin.resolve("fargate-ci-audit");
    // On PATH through a symlink, as a user installs it.
    if (!Files.exists(launcher, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(launcher, REPO.resolve("fargate-ci-audit"));
    List<String> cmd = new ArrayList<>(List.of(GITLAB_CI_LOCAL.toString(), "--force-shell-executor",
        "--no-color", "--concurrency", "1", "--ignore-predefined-vars",
        "CI_PIPELINE_SOURCE,CI_API_V4_URL,CI_PROJECT_ID,CI_JOB_TOKEN,CI_DEFAULT_BRANCH,CI_MERGE_REQUEST_TARGET_BRANCH_NAME"));
    Map<String, String> vars = new java.util.LinkedHashMap<>(Map.of(
        "CI_PIPELINE_SOURCE", source,
        "CI_API_V4_URL", "http://127.0.0.1:" + gitlab.port() + "/api/v4",
        "CI_PROJECT_ID", "42",
        "CI_JOB_TOKEN", "job-token-1",
        "CI_DEFAULT_BRANCH", "main",
        "AWS_ENDPOINT_URL", MOTO.endpoint(),
        "AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_KEY,
        "AWS_REGION", "eu-west-2"));
    vars.putAll(more);
    vars.forEach((k, v) -> cmd.addAll(List.of("--variable", k + "=" + v)));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    return new Run(p.exitValue(), out, project);
  }

  static void git(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.email=ci@example.org", "-c", "user.name=ci", "-c", "init.defaultBranch=main"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("git %s: %s", String.join(" ", args), out).isZero();
  }

  /** The sample project: docs' .gitlab-ci.yml with local includes, the templates, and the moto estate's audit.yml and runner config. */
  Path sampleProject() throws Exception {
    Path project = Files.createDirectories(work.resolve("infra"));
    Path planned = Files.createDirectories(project.resolve("deploy/planned"));
    Path config = MotoExampleEstate.hardened(MOTO.endpoint(), project);
    // The runner config lives with the planned change: the nightly reads it through audit.yml, the gate as planned.
    Files.writeString(config, Files.readString(config).replace("runnerConfig: fargate.toml", "runnerConfig: deploy/planned/fargate.toml"));
    Files.move(project.resolve("fargate.toml"), planned.resolve("fargate.toml"));
    // The one finding the account has: the runner would give CI tasks public IPs.
    setEnablePublicIp(planned, true);
    String ci = snippet(".gitlab-ci.yml").replaceAll(
        "(?s)  - project: my-group/fargate-ci-audit\\n    ref: \\S+\\n    file:\\n((?:      - \\S+\\n)+)",
        "REPLACED\n");
    StringBuilder local = new StringBuilder();
    Files.createDirectories(project.resolve("ci-templates"));
    for (String t : List.of("scheduled-audit.yml", "pre-deploy-gate.yml", "multi-account-audit.yml")) {
      Files.copy(REPO.resolve("ci-templates").resolve(t), project.resolve("ci-templates").resolve(t));
      local.append("  - local: ci-templates/").append(t).append('\n');
    }
    assertThat(ci).contains("REPLACED");
    Files.writeString(project.resolve(".gitlab-ci.yml"), ci.replace("REPLACED\n", local.toString()));
    Files.writeString(project.resolve(".gitignore"), ".gitlab-ci-local/\nreports/\nresults/\n");
    git(project, "init", "-q");
    return project;
  }

  static void setEnablePublicIp(Path planned, boolean on) throws IOException {
    Path toml = planned.resolve("fargate.toml");
    Files.writeString(toml, Files.readString(toml).replaceAll("EnablePublicIP = \\w+", "EnablePublicIP = " + on));
  }

  static List<Finding> newFailures(FindingsDocument d) {
    return d.findings().stream().filter(f -> f.status() == Status.FAIL && f.isNew()).toList();
  }

  static List<String> fingerprints(Path codeQuality) throws IOException {
    List<String> out = new ArrayList<>();
    Mappers.json().readTree(Files.readAllBytes(codeQuality)).forEach(i -> out.add(i.get("fingerprint").asText()));
    return out;
  }

  @Test
  void theNightlyAuditAndTheGateRunAsAUserRunsThem() throws Exception {
    assertThat(GITLAB_CI_LOCAL).as("gitlab-ci-local, installed by scripts/test.sh").isExecutable();
    Path project = sampleProject();

    // 1. The first scheduled pipeline: no baseline yet.
    gitlab.stubFor(get(urlPathEqualTo(RAW)).willReturn(aResponse().withStatus(404).withBody("{\"message\":\"404 Not found\"}")));
    Run nightly = pipeline(project, "schedule", Map.of());
    assertThat(nightly.code()).as(nightly.output()).isZero();
    assertThat(nightly.output()).contains("no baseline: no reports/fargate-ci-audit/findings.json of job fca-scheduled-audit on main");
    assertThat(nightly.ran("fca-scheduled-audit")).isTrue();
    assertThat(nightly.ran("fca-gate")).isFalse();
    assertThat(nightly.ran("fca-merge")).isTrue();
    assertThat(nightly.ran("deploy")).as("deploy does not wait for a gate the schedule does not run").isTrue();
    Path nightlyFindings = nightly.artifact("fca-scheduled-audit", "reports/fargate-ci-audit/findings.json");
    for (String f : List.of("report.html", "junit.xml", "inventory.json", "gl-code-quality-report.json")) {
      assertThat(nightly.artifact("fca-scheduled-audit", "reports/fargate-ci-audit/" + f)).exists();
    }
    assertThat(nightly.artifact("fca-merge", "reports/fargate-ci-audit-accounts/findings.json")).exists();
    FindingsDocument baseline = FindingsJson.read(nightlyFindings);
    // Resolved variables: the gate's template, included too, did not change the nightly's threshold.
    assertThat(baseline.meta().failOn()).isEqualTo("high");
    assertThat(baseline.meta().inputs().config()).isEqualTo("audit.yml");
    assertThat(baseline.meta().pipeline()).isNotNull();
    assertThat(baseline.meta().pipeline().source()).isEqualTo("schedule");
    // Advice (info: AWS's baseline AmazonECSTaskExecutionRolePolicy on the execution role) is reported
    // but is not the estate's failure; it stays the same through every pipeline below.
    List<Finding> advice = baseline.findings().stream()
        .filter(f -> f.status() == Status.FAIL && f.severity() == Severity.INFO).toList();
    List<Finding> failing = baseline.findings().stream()
        .filter(f -> f.status() == Status.FAIL && f.severity() != Severity.INFO).toList();
    assertThat(failing).as("the estate's one failure").isNotEmpty()
        .allSatisfy(f -> assertThat(f.resource().type()).isEqualTo(FindingKey.RUNNER_CONFIG_TYPE));
    assertThat(advice).extracting(Finding::ruleId).containsOnly("FCA-IAM-013");
    assertThat(fingerprints(nightly.artifact("fca-scheduled-audit", "reports/fargate-ci-audit/gl-code-quality-report.json")))
        .containsExactlyInAnyOrderElementsOf(Stream.concat(failing.stream(), advice.stream())
            .map(CodeQualityReporter::fingerprint).toList());

    // The job artifacts API now serves that run's findings.json.
    gitlab.resetAll();
    gitlab.stubFor(get(urlPathEqualTo(RAW)).withQueryParam("job", equalTo("fca-scheduled-audit"))
        .withHeader("JOB-TOKEN", equalTo("job-token-1"))
        .willReturn(aResponse().withStatus(200).withBody(Files.readAllBytes(nightlyFindings))));
    Map<String, String> mr = Map.of("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main");

    // 2. A merge request that only fixes the finding.
    setEnablePublicIp(project.resolve("deploy/planned"), false);
    Run fix = pipeline(project, "merge_request_event", mr);
    assertThat(fix.code()).as(fix.output()).isZero();
    assertThat(fix.output()).contains("baseline: reports/fargate-ci-audit/findings.json of pipeline #");
    assertThat(fix.ran("fca-gate")).isTrue();
    assertThat(fix.ran("deploy")).isTrue();
    assertThat(fix.ran("fca-scheduled-audit")).isFalse();
    Path gateOut = Path.of("reports/fargate-ci-audit-gate");
    FindingsDocument gate = FindingsJson.read(fix.artifact("fca-gate", gateOut.resolve("findings.json").toString()));
    assertThat(gate.meta().failOn()).isEqualTo("medium");
    assertThat(gate.meta().inputs().failOnNew()).isTrue();
    assertThat(gate.meta().inputs().planned()).isEqualTo("deploy/planned");
    assertThat(newFailures(gate)).isEmpty();
    String junit = Files.readString(fix.artifact("fca-gate", gateOut.resolve("junit.xml").toString()));
    String html = Files.readString(fix.artifact("fca-gate", gateOut.resolve("report.html").toString()));
    assertThat(fingerprints(fix.artifact("fca-gate", gateOut.resolve("gl-code-quality-report.json").toString())))
        .containsExactlyInAnyOrderElementsOf(advice.stream().map(CodeQualityReporter::fingerprint).toList());
    // The estate is now correct: its advice is in Code Quality (above) and a skipped testcase, so the
    // merge request's Tests tab is not red with it.
    assertThat(junit).doesNotContain("<failure").contains("message=\"advice (info): ");
    for (Finding f : failing) {
      assertThat(junit).contains("<testsuite name=\"fixed since baseline\"").contains("classname=\"fixed." + f.ruleId() + "\"");
      assertThat(html).contains("Fixed since the baseline").contains(f.ruleId() + " " + f.resource().id());
    }
    assertThat(html).contains("(0 new, " + failing.size() + " fixed)");
    gitlab.verify(getRequestedFor(urlPathEqualTo(RAW)).withHeader("JOB-TOKEN", equalTo("job-token-1")));

    // 3. A merge request that adds a public IP (from main: the runner finding is still there, not new).
    setEnablePublicIp(project.resolve("deploy/planned"), true);
    JsonNode toml = Mappers.toml().readTree(Files.readAllBytes(project.resolve("deploy/planned/fargate.toml"))).get("Fargate");
    Files.writeString(project.resolve("deploy/planned/service.json"), """
        {
          "cluster": "gitlab-ci",
          "serviceName": "gitlab-ci-warm-pool",
          "taskDefinition": "%s",
          "desiredCount": 1,
          "launchType": "FARGATE",
          "networkConfiguration": {"awsvpcConfiguration": {
            "subnets": ["%s"], "securityGroups": ["%s"], "assignPublicIp": "ENABLED"}}
        }
        """.formatted(toml.get("TaskDefinition").asText(), toml.get("Subnet").asText(), toml.get("SecurityGroup").asText()));
    Run publicIp = pipeline(project, "merge_request_event", mr);
    assertThat(publicIp.code()).as(publicIp.output()).isNotZero();
    assertThat(publicIp.ran("deploy")).as("deploy does not run after a failed gate").isFalse();
    FindingsDocument blocked = FindingsJson.read(publicIp.artifact("fca-gate", gateOut.resolve("findings.json").toString()));
    assertThat(blocked.meta().exitCode()).isEqualTo(1);
    List<Finding> added = newFailures(blocked);
    assertThat(added).singleElement().satisfies(f -> {
      assertThat(f.ruleId()).isEqualTo("FCA-PUBLICIP-001");
      // The service, whose assignPublicIp is wrong (attribution.md), from the planned file that sets it.
      assertThat(f.resource().id()).isEqualTo("arn:aws:ecs:eu-west-2:123456789012:service/gitlab-ci/gitlab-ci-warm-pool");
      assertThat(f.resource().type()).isEqualTo("AWS::ECS::Service");
      assertThat(f.source().file()).endsWith("service.json");
    });
    assertThat(publicIp.output()).contains("exit 1: the gate fails (--fail-on-new)");
    assertThat(fingerprints(publicIp.artifact("fca-gate", gateOut.resolve("gl-code-quality-report.json").toString())))
        .contains(CodeQualityReporter.fingerprint(added.get(0)));

    // 4. The next night, on main as it was: the first night is the baseline, nothing is new.
    Files.delete(project.resolve("deploy/planned/service.json"));
    Run nextNight = pipeline(project, "schedule", Map.of());
    assertThat(nextNight.code()).as(nextNight.output()).isZero();
    assertThat(nextNight.output()).contains("baseline: reports/fargate-ci-audit/findings.json of pipeline #")
        .contains("(0 new, 0 fixed)");
    FindingsDocument second = FindingsJson.read(nextNight.artifact("fca-scheduled-audit", "reports/fargate-ci-audit/findings.json"));
    assertThat(second.meta().inputs().baseline()).startsWith("reports/fargate-ci-audit/findings.json of pipeline #");
    assertThat(newFailures(second)).isEmpty();
    assertThat(second.findings().stream().filter(f -> f.status() == Status.FAIL).map(Finding::key).toList())
        .containsExactlyInAnyOrderElementsOf(Stream.concat(failing.stream(), advice.stream()).map(Finding::key).toList());
  }
}
