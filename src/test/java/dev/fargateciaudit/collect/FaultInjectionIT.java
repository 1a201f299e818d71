package dev.fargateciaudit.collect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.fargateciaudit.cli.Main;
import dev.fargateciaudit.findings.Gate;
import dev.fargateciaudit.input.Mappers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults injected by WireMock proxying to moto: each fault hits one operation of a scan of the
 * blog estate through the real CLI ({@code collect}). The run completes, exits 3, records the
 * failed operation as a collection error, and keeps everything else it read (every inventory
 * section the failed operation does not feed is identical to a fault-free scan).
 * docs/reliability.md's fault table must contain the row each fault produces.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class FaultInjectionIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer().keepStateBetweenTests();
  static final int MAX_ATTEMPTS = 3;

  static WireMockServer proxy;
  static JsonNode baseline;
  static final List<String> observedRows = new ArrayList<>();

  /**
   * @param affected inventory sections the failed operation feeds (they may shrink)
   * @param expectedAttempts requests the operation should receive (retries included)
   */
  record FaultCase(String fault, String operation, Supplier<MappingBuilder> request, ResponseDefinitionBuilder response,
      String expectedCode, Set<String> affected, int expectedAttempts) {
    @Override
    public String toString() {
      return fault + " on " + operation;
    }
  }

  static MappingBuilder query(String action) {
    return WireMock.post(WireMock.urlPathEqualTo("/")).withRequestBody(matching("(?s).*Action=" + action + "(&.*|$)"));
  }

  static MappingBuilder json(String target) {
    return WireMock.post(WireMock.urlPathEqualTo("/")).withHeader("X-Amz-Target", equalTo(target));
  }

  static ResponseDefinitionBuilder ec2Error(int status, String code) {
    return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(
        "<Response><Errors><Error><Code>" + code + "</Code><Message>injected " + code
            + "</Message></Error></Errors><RequestID>fault</RequestID></Response>");
  }

  static ResponseDefinitionBuilder iamError(int status, String code) {
    return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(
        "<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>injected " + code
            + "</Message></Error><RequestId>fault</RequestId></ErrorResponse>");
  }

  static Stream<FaultCase> faults() {
    return Stream.of(
        new FaultCase("Throttling (persistent)", "iam:GetPolicyVersion", () -> query("GetPolicyVersion"),
            iamError(400, "Throttling"), "Throttling", Set.of("iamRoles"), MAX_ATTEMPTS),
        new FaultCase("RequestLimitExceeded (persistent)", "ec2:DescribeSecurityGroups", () -> query("DescribeSecurityGroups"),
            ec2Error(503, "RequestLimitExceeded"), "RequestLimitExceeded", Set.of("securityGroups"), MAX_ATTEMPTS),
        new FaultCase("AccessDenied", "iam:GetRole", () -> query("GetRole"),
            iamError(403, "AccessDenied"), "AccessDenied", Set.of("iamRoles"), 1),
        new FaultCase("HTTP 500", "secretsmanager:DescribeSecret", () -> json("secretsmanager.DescribeSecret"),
            aResponse().withStatus(500).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"InternalServiceError\",\"message\":\"injected 500\"}"),
            "InternalServiceError", Set.of("secrets"), MAX_ATTEMPTS),
        new FaultCase("HTTP 503, no error body", "elasticfilesystem:DescribeMountTargets",
            () -> WireMock.get(urlPathMatching("/2015-02-01/mount-targets")),
            aResponse().withStatus(503).withBody("Service Unavailable"), "HTTP503",
            Set.of("efsMountTargets", "securityGroups"), MAX_ATTEMPTS),
        new FaultCase("connection reset", "ec2:DescribeRouteTables", () -> query("DescribeRouteTables"),
            aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), "ConnectionError", Set.of("routeTables"), MAX_ATTEMPTS),
        new FaultCase("slower than --call-timeout", "elasticfilesystem:DescribeFileSystemPolicy",
            () -> WireMock.get(urlPathMatching("/2015-02-01/file-systems/.*/policy")),
            aResponse().withStatus(404).withFixedDelay(6000), "Timeout", Set.of(), -1),
        new FaultCase("malformed body (HTTP 200)", "ec2:DescribeVpcs", () -> query("DescribeVpcs"),
            aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody("<DescribeVpcsResponse><vpcSet><item>"),
            "ClientError", Set.of("vpcs"), 1));
  }

  @BeforeAll
  static void estateAndBaseline(@TempDir Path dir) throws Exception {
    try (Estate e = new Estate(MOTO.endpoint(), "eu-west-2")) {
      e.blog();
    }
    proxy = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    proxy.start();
    proxyEverything();
    System.setProperty("aws.endpointUrl", proxy.baseUrl());
    Path out = dir.resolve("baseline.json");
    assertThat(collect(out, new StringWriter())).isEqualTo(Gate.OK);
    baseline = Mappers.json().readTree(out.toFile());
  }

  @AfterAll
  static void stop() {
    if (proxy != null) proxy.stop();
  }

  static void proxyEverything() {
    proxy.resetAll();
    proxy.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(MOTO.endpoint())));
  }

  static int collect(Path out, StringWriter err) {
    return collect(out, err, "PT30S");
  }

  static int collect(Path out, StringWriter err, String callTimeout) {
    System.setProperty("aws.endpointUrl", proxy.baseUrl());
    return Main.run(new String[] {"collect", "--out", out.toString(), "--region", "eu-west-2",
        "--max-attempts", String.valueOf(MAX_ATTEMPTS), "--call-timeout", callTimeout, "--connect-timeout", "PT2S"},
        new PrintWriter(new StringWriter()), new PrintWriter(err));
  }

  @org.junit.jupiter.api.Order(1)
  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void scanCompletesRecordsTheFaultAndKeepsEverythingElse(FaultCase f, @TempDir Path dir) throws Exception {
    proxyEverything();
    proxy.stubFor(f.request().get().atPriority(1).willReturn(f.response()));
    Path out = dir.resolve("inventory.json");
    StringWriter err = new StringWriter();

    int code = collect(out, err, f.expectedCode().equals("Timeout") ? "PT3S" : "PT30S");

    assertThat(code).as("exit code; stderr: %s", err).isEqualTo(Gate.INCOMPLETE);
    JsonNode inv = Mappers.json().readTree(out.toFile());
    JsonNode errors = inv.path("collectionErrors");
    String service = f.operation().substring(0, f.operation().indexOf(':'));
    String operation = f.operation().substring(f.operation().indexOf(':') + 1);
    assertThat(errors).isNotEmpty().allSatisfy(e -> {
      assertThat(e.path("service").asText()).isEqualTo(service);
      assertThat(e.path("operation").asText()).isEqualTo(operation);
      assertThat(e.path("errorCode").asText()).isEqualTo(f.expectedCode());
    });
    for (Iterator<String> it = baseline.fieldNames(); it.hasNext(); ) {
      String section = it.next();
      if (!baseline.get(section).isArray() || section.equals("collectionErrors") || f.affected().contains(section)) continue;
      assertThat(withoutTaskStatus(inv.get(section))).as("section %s is kept intact", section)
          .isEqualTo(withoutTaskStatus(baseline.get(section)));
    }
    RequestPatternBuilder sent = RequestPatternBuilder.like(f.request().get().build().getRequest());
    int attempts = proxy.findAll(sent).size();
    int calls = inv.path("meta").path("apiCalls").path(f.operation()).asInt();
    if (f.expectedAttempts() > 0) assertThat(attempts).isEqualTo(f.expectedAttempts() * calls);
    observedRows.add("| " + f.fault() + " | `" + f.operation() + "` | " + (attempts / Math.max(1, calls)) + " | `"
        + f.expectedCode() + "` | " + errors.size() + " | " + code + " |");
  }

  /** moto advances a task's lastStatus on every DescribeTasks; that is moto, not a lost read. */
  static JsonNode withoutTaskStatus(JsonNode section) {
    JsonNode copy = section.deepCopy();
    copy.forEach(n -> {
      if (n instanceof com.fasterxml.jackson.databind.node.ObjectNode o) o.remove("lastStatus");
    });
    return copy;
  }

  /**
   * issue #29 d13: an endpoint that answers every ListClusters with the same nextToken. The SDK's
   * paginator would ask again for ever (the base build made 39,000 requests in 30 s); the scan stops
   * at the page that repeats the token, records it, and goes on.
   */
  @org.junit.jupiter.api.Order(3)
  @Test
  void anEndpointRepeatingItsPageTokenIsACollectionErrorNotALoop(@TempDir Path dir) throws Exception {
    proxyEverything();
    MappingBuilder listClusters = json("AmazonEC2ContainerServiceV20141113.ListClusters");
    proxy.stubFor(listClusters.atPriority(1).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withBody("{\"clusterArns\": [\"arn:aws:ecs:eu-west-2:123456789012:cluster/gitlab-ci\"], \"nextToken\": \"again\"}")));
    Path out = dir.resolve("inventory.json");
    StringWriter err = new StringWriter();
    int code = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(120), () -> collect(out, err));
    assertThat(code).as("exit code; stderr: %s", err).isEqualTo(Gate.INCOMPLETE);
    JsonNode errors = Mappers.json().readTree(out.toFile()).path("collectionErrors");
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.path("service").asText()).isEqualTo("ecs");
      assertThat(e.path("operation").asText()).isEqualTo("ListClusters");
      assertThat(e.path("errorCode").asText()).isEqualTo("RepeatedPageToken");
    });
    assertThat(proxy.findAll(RequestPatternBuilder.like(listClusters.build().getRequest()))).hasSize(2);
  }

  @org.junit.jupiter.api.Order(2)
  @Test
  void reliabilityDocListsEveryObservedFault() throws Exception {
    Path doc = Path.of("docs/reliability.md");
    String text = Files.exists(doc) ? Files.readString(doc) : "";
    Path generated = Path.of("target/reliability-faults.md");
    Files.createDirectories(generated.getParent());
    Files.writeString(generated, String.join("\n", observedRows) + "\n");
    assertThat(observedRows).as("faults observed (run the parameterized test first)").hasSize((int) faults().count());
    for (String row : observedRows) assertThat(text).as("docs/reliability.md, see %s", generated).contains(row);
  }
}
