package dev.fargateciaudit.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryJson;
import dev.fargateciaudit.inventory.RunnerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A live audit lays the runner config its scan read over the inventory: the same result as reading it again. */
class RunnerConfigOverlayTest {
  private static final Path DIR = Path.of("examples", "blog-setup");
  private static final Path CONFIG = DIR.resolve("audit.yml");

  @Test
  void layingTheConfigReadOnceIsLayingItReadAgain() {
    AuditConfig cfg = ConfigLoader.load(CONFIG);
    Inventory inventory = InventoryJson.load(DIR.resolve("inventory.json"));
    RunnerConfig read = RunnerConfigReader.readConfigured(cfg, CONFIG);

    Inventory once = RunnerConfigReader.overlay(inventory, cfg, read);

    assertThat(once.runnerConfig()).isEqualTo(RunnerConfigReader.overlayConfigured(inventory, cfg, CONFIG).runnerConfig());
    assertThat(once.runnerConfig().cluster()).isEqualTo(read.cluster());
    assertThat(once.runnerConfig().source().kind()).isEqualTo("config");
    assertThat(once.runnerConfig().source().file()).isEqualTo("fargate.toml");
  }

  @Test
  void nothingReadLaysNothing() {
    AuditConfig cfg = ConfigLoader.load(CONFIG);
    Inventory inventory = InventoryJson.load(DIR.resolve("inventory.json"));

    assertThat(RunnerConfigReader.overlay(inventory, cfg, null)).isSameAs(inventory);
  }
}
