package dev.fargateciaudit.derive;

import static org.assertj.core.api.Assertions.assertThat;

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
}
