package dev.fargateciaudit.derive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.config.ConfigLoader;
import dev.fargateciaudit.config.RunnerConfigReader;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.Status;
import dev.fargateciaudit.input.Mappers;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryJson;
import dev.fargateciaudit.rules.Evaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A resource policy that cannot be read is a gap (its rules ERROR), never "grants nothing" (PASS). */
class UnreadablePolicyTest {
  private static final Path HARDENED = Path.of("examples", "hardened");

  private static List<Finding> audit(Path inventory) {
    AuditConfig cfg = ConfigLoader.load(HARDENED.resolve("audit.yml"));
    Inventory inv = RunnerConfigReader.overlayConfigured(InventoryJson.load(inventory), cfg, HARDENED.resolve("audit.yml"));
    return Evaluation.run(inv, cfg, List.of(), null, LocalDate.of(2026, 1, 1)).findings();
  }

  private static List<Finding> efs(List<Finding> findings) {
    return findings.stream().filter(f -> f.resource() != null && "AWS::EFS::FileSystem".equals(f.resource().type())).toList();
  }

  @Test
  void aMalformedFileSystemPolicyMakesTheFileSystemRulesError(@TempDir Path tmp) throws Exception {
    List<Finding> clean = efs(audit(HARDENED.resolve("inventory.json")));
    assertThat(clean).isNotEmpty().allSatisfy(f -> assertThat(f.status()).isEqualTo(Status.PASS));

    ObjectNode root = (ObjectNode) Mappers.json().readTree(HARDENED.resolve("inventory.json").toFile());
    ObjectNode fs = (ObjectNode) root.get("efsFileSystems").get(0);
    fs.set("policy", Mappers.json().readTree("{\"Version\":\"2012-10-17\",\"Statement\":[\"not a statement\"]}"));
    Path broken = tmp.resolve("inventory.json");
    Files.write(broken, Mappers.json().writeValueAsBytes(root));

    List<Finding> judged = efs(audit(broken));
    assertThat(judged).hasSameSizeAs(clean);
    assertThat(judged).allSatisfy(f -> {
      assertThat(f.status()).isEqualTo(Status.ERROR);
      assertThat(f.message()).contains("MalformedPolicyDocument");
    });
  }

  private static final String REPOSITORY = "123456789012.dkr.ecr.eu-west-2.amazonaws.com/ci-images/build";

  /** Both containers whose image the repository holds, and the repository itself: the gap reaches each, not only the first to ask. */
  @Test
  void aMalformedRepositoryPolicyMakesTheRepositoryAndEveryContainerOfItsImagesError(@TempDir Path tmp) throws Exception {
    ObjectNode root = (ObjectNode) Mappers.json().readTree(HARDENED.resolve("inventory.json").toFile());
    ArrayNode containers = (ArrayNode) root.get("taskDefinitions").get(0).get("containers");
    ObjectNode build = (ObjectNode) containers.get(0);
    build.put("image", REPOSITORY + ":2026.11.2");
    containers.add(build.deepCopy().put("name", "build-helper"));
    ObjectNode repo = ((ArrayNode) root.withArray("ecrRepositories")).addObject();
    repo.put("arn", "arn:aws:ecr:eu-west-2:123456789012:repository/ci-images/build").put("name", "ci-images/build")
        .put("region", "eu-west-2").put("registryId", "123456789012").put("uri", REPOSITORY)
        .put("scanOnPush", true).put("imageTagMutability", "IMMUTABLE").put("encryptionType", "KMS");
    repo.set("policy", Mappers.json().readTree("{\"Version\":\"2012-10-17\",\"Statement\":[\"not a statement\"]}"));
    Path broken = tmp.resolve("inventory.json");
    Files.write(broken, Mappers.json().writeValueAsBytes(root));

    List<Finding> findings = audit(broken);
    List<Finding> onRepository = findings.stream()
        .filter(f -> f.resource() != null && "AWS::ECR::Repository".equals(f.resource().type())).toList();
    List<Finding> onContainers = findings.stream()
        .filter(f -> f.resource() != null && "AWS::ECS::TaskDefinition.Container".equals(f.resource().type())).toList();
    assertThat(onRepository).isNotEmpty();
    assertThat(onContainers.stream().map(f -> f.resource().id().substring(f.resource().id().indexOf('#'))).distinct())
        .containsExactlyInAnyOrder("#" + build.get("name").asText(), "#build-helper");
    assertThat(onRepository).allSatisfy(f -> assertThat(f.status()).isEqualTo(Status.ERROR));
    assertThat(onContainers).allSatisfy(f -> {
      assertThat(f.status()).isEqualTo(Status.ERROR);
      assertThat(f.message()).contains("ecr GetRepositoryPolicy failed (MalformedPolicyDocument)");
    });
  }
}
