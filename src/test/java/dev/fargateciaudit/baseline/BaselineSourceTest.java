package dev.fargateciaudit.baseline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.fargateciaudit.cli.Main;
import dev.fargateciaudit.drift.Findings;
import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.findings.CiPipeline;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.ReportMeta;
import dev.fargateciaudit.findings.Status;
import dev.fargateciaudit.input.BadInputException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --baseline gitlab:JOB:PATH against a stand-in for GitLab's job artifacts API on 127.0.0.1. */
class BaselineSourceTest {
  static final String A = "123456789012";
  static final String SPEC = "gitlab:fca-scheduled-audit:reports/fargate-ci-audit/findings.json";
  static final String RAW = "/api/v4/projects/42/jobs/artifacts/main/raw/reports/fargate-ci-audit/findings.json";
  static WireMockServer gitlab;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    gitlab = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    gitlab.start();
  }

  @AfterAll
  static void stop() {
    gitlab.stop();
  }

  @BeforeEach
  void reset() {
    gitlab.resetAll();
  }

  Map<String, String> mergeRequestJob() {
    Map<String, String> env = new HashMap<>();
    env.put("CI_API_V4_URL", "http://127.0.0.1:" + gitlab.port() + "/api/v4");
    env.put("CI_PROJECT_ID", "42");
    env.put("CI_JOB_TOKEN", "job-token-1");
    env.put("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main");
    env.put("CI_DEFAULT_BRANCH", "trunk");
    return env;
  }

  byte[] nightlyFindings(List<Finding> findings) throws Exception {
    AuditReport r = Findings.report(List.of(A), List.of("eu-west-2"), Map.of(), findings);
    ReportMeta m = r.meta();
    ReportMeta withPipeline = new ReportMeta(m.toolVersion(), m.rulesHash(), m.generatedAt(), m.source(), m.accounts(), m.regions(),
        m.apiCalls(), m.collectionMillis(), m.failOn(), m.exitCode(), null,
        new CiPipeline("1234", "https://gitlab.example.com/infra/-/pipelines/1234", "schedule", "main", "abc123", "fca-scheduled-audit"));
    AuditReport stamped = new AuditReport(withPipeline, r.rules(), r.findings(), List.of(), null, null);
    return Files.readAllBytes(Findings.write(Files.createDirectories(dir.resolve("nightly")), stamped));
  }

  @Test
  void downloadsTheTargetBranchsScheduledFindingsWithTheJobToken() throws Exception {
    gitlab.stubFor(get(urlPathEqualTo(RAW)).withQueryParam("job", equalTo("fca-scheduled-audit"))
        .withHeader("JOB-TOKEN", equalTo("job-token-1"))
        .willReturn(aResponse().withStatus(200).withBody(nightlyFindings(List.of(Findings.finding("SG-1", Status.FAIL, "sg-1", A, "eu-west-2"))))));
    BaselineSource.Resolved r = BaselineSource.resolve(SPEC, mergeRequestJob());
    assertThat(r.found()).isTrue();
    assertThat(r.label()).isEqualTo("reports/fargate-ci-audit/findings.json of pipeline #1234 (schedule on main, job fca-scheduled-audit)"
        + " https://gitlab.example.com/infra/-/pipelines/1234");
    assertThat(r.document().findings()).extracting(f -> f.resource().id()).containsExactly("sg-1");
    gitlab.verify(1, getRequestedFor(urlPathEqualTo(RAW)).withHeader("JOB-TOKEN", equalTo("job-token-1")));
  }

  @Test
  void aBranchWithASlashIsOnePathSegmentAndAProjectTokenWinsOverTheJobToken() throws Exception {
    gitlab.stubFor(get(urlPathEqualTo("/api/v4/projects/42/jobs/artifacts/release%2F2026/raw/reports/fargate-ci-audit/findings.json"))
        .withHeader("PRIVATE-TOKEN", equalTo("glpat-1"))
        .willReturn(aResponse().withStatus(200).withBody(nightlyFindings(List.of()))));
    Map<String, String> env = mergeRequestJob();
    env.put("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "release/2026");
    env.put("FCA_GITLAB_TOKEN", "glpat-1");
    assertThat(BaselineSource.resolve(SPEC, env).found()).isTrue();
  }

  @Test
  void anExplicitBaselineRefWinsOverTheTargetBranch() throws Exception {
    gitlab.stubFor(get(urlPathEqualTo("/api/v4/projects/42/jobs/artifacts/audit-schedule/raw/reports/fargate-ci-audit/findings.json"))
        .willReturn(aResponse().withStatus(200).withBody(nightlyFindings(List.of()))));
    Map<String, String> env = mergeRequestJob();
    env.put("FCA_BASELINE_REF", "audit-schedule");
    assertThat(BaselineSource.resolve(SPEC, env).found()).isTrue();
  }

  @Test
  void noScheduledRunYetFallsBackToAnAbsoluteGateAndSaysSo() throws Exception {
    gitlab.stubFor(get(urlPathEqualTo(RAW)).willReturn(aResponse().withStatus(404).withBody("{\"message\":\"404 Not found\"}")));
    BaselineSource.Resolved r = BaselineSource.resolve(SPEC, mergeRequestJob());
    assertThat(r.found()).isFalse();
    assertThat(r.label()).contains("HTTP 404").contains("fca-scheduled-audit").contains("main");

    StringWriter err = new StringWriter();
    List<Finding> findings = List.of(Findings.finding("SG-1", Status.FAIL, "sg-1", A, "eu-west-2"));
    BaselineGate g = BaselineGate.apply(r, findings, true, "high", LocalDate.parse("2026-12-07"), new PrintWriter(err));
    assertThat(g.onlyNew()).isFalse();
    assertThat(g.comparison()).isNull();
    assertThat(g.label()).startsWith("none: ");
    assertThat(err.toString()).startsWith("fargate-ci-audit: no baseline: ")
        .contains("--fail-on-new falls back to an absolute gate: every failure at or above --fail-on high fails it");
  }

  @Test
  void aRefusedTokenIsNoBaselineAndNamesTheWayOut() throws Exception {
    gitlab.stubFor(get(urlPathEqualTo(RAW)).willReturn(aResponse().withStatus(403)));
    BaselineSource.Resolved r = BaselineSource.resolve(SPEC, mergeRequestJob());
    assertThat(r.found()).isFalse();
    assertThat(r.label()).contains("HTTP 403").contains("FCA_GITLAB_TOKEN");
  }

  /** An API nobody answers is no baseline, said in words: the Java client's exception has no message, only a class. */
  @Test
  void anUnreachableApiIsNoBaselineSaidWithoutAJavaClass() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Map<String, String> env = mergeRequestJob();
    env.put("CI_API_V4_URL", "http://127.0.0.1:" + closed + "/api/v4");
    BaselineSource.Resolved r = BaselineSource.resolve(SPEC, env);
    assertThat(r.found()).isFalse();
    assertThat(r.label()).contains("could not reach the GitLab API at http://127.0.0.1:" + closed + "/api/v4")
        .endsWith(": connection refused").doesNotContain("Exception");
  }

  @Test
  void aBaselineThatIsThereButNotFindingsIsBadInput() throws Exception {
    gitlab.stubFor(get(urlPathEqualTo(RAW)).willReturn(aResponse().withStatus(200).withBody("{\"schemaVersion\": 1, \"vpcs\": []}")));
    assertThatThrownBy(() -> BaselineSource.resolve(SPEC, mergeRequestJob()))
        .isInstanceOf(BadInputException.class).hasMessageContaining("this is an inventory snapshot, not findings");
  }

  @Test
  void outsideGitLabCiTheFormIsBadUsage() {
    assertThatThrownBy(() -> BaselineSource.resolve(SPEC, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--baseline " + SPEC + " reads GitLab CI's variables, and CI_API_V4_URL, CI_PROJECT_ID, "
            + "CI_MERGE_REQUEST_TARGET_BRANCH_NAME or CI_DEFAULT_BRANCH, CI_JOB_TOKEN are not set (run it in a GitLab CI job)");
    assertThatThrownBy(() -> BaselineSource.resolve("gitlab:fca-scheduled-audit", mergeRequestJob()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected gitlab:JOB:PATH");
  }

  @Test
  void aSnapshotGivenAsTheBaselineIsNamedForWhatItIs() {
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"audit", "--snapshot", "examples/hardened/inventory.json", "--out", dir.toString(),
        "--baseline", "examples/hardened/inventory.json", "--quiet"}, new PrintWriter(new StringWriter()), new PrintWriter(err));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().trim()).isEqualTo("examples/hardened/inventory.json:1:1: this is an inventory snapshot, not findings"
        + " (expected the findings.json of an audit, e.g. audit --snapshot inventory.json --out DIR, then DIR/findings.json)");
    assertThat(dir).isEmptyDirectory();
  }
}
