package dev.fargateciaudit.collect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.fargateciaudit.cli.Main;
import dev.fargateciaudit.input.Mappers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two regions audited, and every ECS call of one of them refused (WireMock, in front of moto, answers
 * us-east-1's ECS calls with AccessDeniedException, as an SCP denying the region would): eu-west-2,
 * read completely, keeps the verdicts it has when nothing is refused; what may hold us-east-1's data
 * is ERROR (its own resources, the roles and the estate-wide network facts, which gather every
 * region's task definitions), each naming the refused read; the audit exits 3.
 */
class RegionRefusedIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  private static final String EU = "eu-west-2";
  private static final String US = "us-east-1";

  @Test
  void ecsRefusedInOneRegionLeavesTheOtherRegionsVerdicts(@TempDir Path dir) throws Exception {
    Estate eu;
    Estate us;
    try (Estate a = new Estate(MOTO.endpoint(), EU); Estate b = new Estate(MOTO.endpoint(), US)) {
      eu = a.hardened();
      us = b.build(true, "-use1");
    }
    Path config = Files.writeString(dir.resolve("audit.yml"), "regions: [" + EU + ", " + US + "]\n");

    JsonNode complete = audit(dir.resolve("complete"), config, 0);
    WireMockServer proxy = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    proxy.start();
    JsonNode refused;
    try {
      proxy.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(MOTO.endpoint())));
      // SigV4's credential scope names the region and service of every request.
      proxy.stubFor(post(anyUrl()).atPriority(1).withHeader("Authorization", containing("/" + US + "/ecs/aws4_request"))
          .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
              .withBody("{\"__type\":\"AccessDeniedException\",\"message\":\"User is not authorized to perform this action"
                  + " with an explicit deny in a service control policy\"}")));
      System.setProperty("aws.endpointUrl", proxy.baseUrl());
      refused = audit(dir.resolve("refused"), config, 3);
    } finally {
      System.setProperty("aws.endpointUrl", MOTO.endpoint());
      proxy.stop();
    }

    List<String> errors = new ArrayList<>();
    refused.path("collectionErrors").forEach(e -> errors.add(e.path("service").asText() + " " + e.path("region").asText()
        + " " + e.path("errorCode").asText()));
    assertThat(errors).isNotEmpty().containsOnly("ecs " + US + " AccessDeniedException");

    // eu-west-2's own resources (task definition, container, task, file system, repository): as when complete.
    assertThat(verdicts(refused, EU, false)).isEqualTo(verdicts(complete, EU, false));
    assertThat(verdicts(refused, EU, false)).extracting(v -> v.substring(0, v.indexOf(" arn:")) + " " + v.split(":")[2])
        .containsExactly(
            "FCA-EFS-001 PASS elasticfilesystem", "FCA-EFS-002 PASS ecs", "FCA-EFS-003 PASS elasticfilesystem",
            "FCA-EFS-004 PASS elasticfilesystem", "FCA-EFS-005 PASS ecs", "FCA-EFS-006 PASS elasticfilesystem",
            "FCA-IMAGES-001 PASS ecs", "FCA-IMAGES-004 PASS ecs", "FCA-IMAGES-005 PASS ecr",
            "FCA-IMAGES-006 FAIL ecr", "FCA-IMAGES-007 FAIL ecr", // moto's repository: mutable tags, no scan on push
            "FCA-IMAGES-008 FAIL ecs", // Estate's canary token in the environment
            "FCA-IMAGES-009 PASS ecs", "FCA-IMAGES-010 PASS ecr", "FCA-PORTS-008 PASS ecs", "FCA-PUBLICIP-002 PASS ecs");
    // What gathers every region's data (roles, CI subnets, security groups) and us-east-1's resources: ERROR, naming the refusal.
    List<String> blocked = new ArrayList<>(verdicts(refused, EU, true));
    blocked.addAll(verdicts(refused, US, false));
    blocked.addAll(verdicts(refused, "", false));
    // The rules that need no ECS data (needs: [ec2] or []) keep their verdicts: there is no runner config.
    List<String> needNoEcs = List.of("FCA-PUBLICIP-003", "FCA-PUBLICIP-004", "FCA-RUNNER-001", "FCA-RUNNER-002", "FCA-RUNNER-003",
        "FCA-RUNNER-006");
    assertThat(blocked).filteredOn(v -> needNoEcs.contains(v.split(" ")[0])).containsExactlyInAnyOrder(
        "FCA-PUBLICIP-003 PASS " + eu.ciSubnet, "FCA-PUBLICIP-004 NOT_APPLICABLE " + Estate.ACCOUNT,
        "FCA-RUNNER-001 NOT_APPLICABLE " + Estate.ACCOUNT, "FCA-RUNNER-002 NOT_APPLICABLE " + Estate.ACCOUNT,
        "FCA-RUNNER-003 NOT_APPLICABLE " + Estate.ACCOUNT, "FCA-RUNNER-006 NOT_APPLICABLE " + Estate.ACCOUNT);
    assertThat(blocked).filteredOn(v -> !needNoEcs.contains(v.split(" ")[0])).hasSizeGreaterThan(40).allSatisfy(v -> assertThat(v)
        .contains(" ERROR ").contains(": ecs ").contains(" failed in " + US + " (AccessDeniedException)"));
    // us-east-1's file system, unlisted with its task definitions, is one ERROR for the account; eu-west-2's keeps its PASS.
    assertThat(blocked).anySatisfy(v -> assertThat(v).startsWith("FCA-EFS-001 ERROR " + Estate.ACCOUNT + " could not evaluate: ecs "));
  }

  /**
   * Each finding of {@code region}'s resources ("" for those of no region) as "RULE STATUS resource",
   * with the message of an ERROR; those of subjects whose facts gather every region ({@code estateWide}:
   * CI subnets, security groups) or the others.
   */
  private static List<String> verdicts(JsonNode findings, String region, boolean estateWide) {
    List<String> out = new ArrayList<>();
    findings.path("findings").forEach(f -> {
      JsonNode r = f.path("resource");
      String type = r.path("type").asText();
      boolean wide = type.equals("AWS::EC2::Subnet") || type.equals("AWS::EC2::SecurityGroup");
      // A rule that judged no subject names the account in the region of a subject it skipped.
      boolean account = type.equals("AWS::::Account");
      if (!(account && !estateWide ? region.isEmpty() : r.path("region").asText().equals(region)) || wide != estateWide) return;
      String status = f.path("status").asText();
      out.add(f.path("ruleId").asText() + " " + status + " " + r.path("id").asText()
          + (status.equals("ERROR") ? " " + f.path("message").asText() : ""));
    });
    return out;
  }

  private static JsonNode audit(Path out, Path config, int expectedCode) throws Exception {
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"audit", "--config", config.toString(), "--live", "--fail-on", "never",
        "--out", out.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err));
    assertThat(code).as("exit code of audit; stderr: %s", err).isEqualTo(expectedCode);
    return Mappers.json().readTree(out.resolve("findings.json").toFile());
  }
}
