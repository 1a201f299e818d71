package dev.fargateciaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.input.Mappers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** iam-policy for a multi-account audit: sts:AssumeRole on exactly the config's roles. */
class IamPolicyCommandTest {
  @TempDir Path dir;

  static JsonNode run(String... args) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true))).as(err.toString()).isZero();
    return Mappers.json().readTree(out.toString());
  }

  @Test
  void theConfigsRolesAreTheOnlyOnesItMayAssume() throws Exception {
    Path config = Files.writeString(dir.resolve("audit.yml"), """
        accounts:
          - id: "111111111111"
            roleArn: arn:aws:iam::111111111111:role/fargate-ci-audit
            externalId: ci-audit
          - id: "222222222222"
            roleArn: arn:aws:iam::222222222222:role/fargate-ci-audit
        """);
    JsonNode doc = run("iam-policy", "--config", config.toString());
    assertThat(doc.get("Statement")).hasSize(2);
    JsonNode assume = doc.get("Statement").get(1);
    assertThat(assume.get("Action").asText()).isEqualTo("sts:AssumeRole");
    List<String> roles = new ArrayList<>();
    assume.get("Resource").forEach(r -> roles.add(r.asText()));
    assertThat(roles).containsExactly("arn:aws:iam::111111111111:role/fargate-ci-audit", "arn:aws:iam::222222222222:role/fargate-ci-audit");
    assertThat(doc.get("Statement").get(0).get("Action").toString()).doesNotContain("sts:AssumeRole");

    assertThat(run("iam-policy").get("Statement")).hasSize(1);
  }
}
