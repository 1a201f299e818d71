package dev.fargateciaudit.collect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.rules.Evaluation;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A CI image from an organisation's shared ECR account: that account's repository policy lets this
 * account pull but not describe, so AWS answers DescribeRepositories of it with
 * AccessDeniedException (here WireMock, in front of moto, answers as AWS does). The failed read is
 * recorded against that repository's ARN: its own rules are ERROR on it, and this account's
 * repository of the same name, and the containers pulling from it, keep their verdicts.
 */
class SharedRegistryIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  private static final String SHARED = "999999999999";

  @Test
  void aRepositoryTheSharedRegistryWillNotDescribeIsErrorOnItselfOnly() {
    try (Estate e = new Estate(MOTO.endpoint(), "eu-west-2")) {
      e.sidecarFromTheRegistryOf(SHARED).hardened();
    }
    WireMockServer proxy = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    proxy.start();
    Inventory inv;
    try {
      proxy.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(MOTO.endpoint())));
      proxy.stubFor(post(anyUrl()).atPriority(1)
          .withHeader("X-Amz-Target", equalTo("AmazonEC2ContainerRegistry_V20150921.DescribeRepositories"))
          .withRequestBody(containing("\"registryId\":\"" + SHARED + "\""))
          .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
              .withBody("{\"__type\":\"AccessDeniedException\",\"message\":\"User is not authorized to perform:"
                  + " ecr:DescribeRepositories because no resource-based policy allows the ecr:DescribeRepositories action\"}")));
      System.setProperty("aws.endpointUrl", proxy.baseUrl());
      inv = LiveCollection.collect(AuditConfig.DEFAULTS, new LiveOptions(List.of("eu-west-2"), null,
          LiveOptions.DEFAULT_CONCURRENCY, 1, Duration.ofSeconds(5), Duration.ofSeconds(60), false, null));
    } finally {
      System.setProperty("aws.endpointUrl", MOTO.endpoint());
      proxy.stop();
    }
    String shared = "arn:aws:ecr:eu-west-2:" + SHARED + ":repository/ci-image";
    String ours = "arn:aws:ecr:eu-west-2:" + Estate.ACCOUNT + ":repository/ci-image";

    assertThat(inv.collectionErrors()).extracting(c -> c.service() + " " + c.operation() + " " + c.errorCode() + " " + c.resource())
        .containsExactly("ecr DescribeRepositories AccessDeniedException " + shared);
    assertThat(Evaluation.run(inv, AuditConfig.DEFAULTS, List.of(), null, LocalDate.of(2026, 6, 1)).findings().stream()
            .filter(f -> List.of("FCA-IMAGES-004", "FCA-IMAGES-005", "FCA-IMAGES-007").contains(f.ruleId()))
            .map(f -> f.ruleId() + " " + f.status() + " " + f.resource().id().replaceFirst(".*task-definition/", "")))
        .containsExactlyInAnyOrder(
            "FCA-IMAGES-004 PASS gitlab-ci:1#ci", "FCA-IMAGES-004 PASS gitlab-ci:1#tools",
            "FCA-IMAGES-005 PASS " + ours, "FCA-IMAGES-005 ERROR " + shared,
            "FCA-IMAGES-007 FAIL " + ours, "FCA-IMAGES-007 ERROR " + shared); // ours: moto's repository does not scan on push
  }
}
