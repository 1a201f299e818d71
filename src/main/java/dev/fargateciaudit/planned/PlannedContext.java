package dev.fargateciaudit.planned;

import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryBuilder;
import dev.fargateciaudit.inventory.TaskDefinition;
import java.util.Comparator;
import java.util.Optional;

/** The inventory being overlaid, with the lookups planned files need (account, region, latest revisions). */
final class PlannedContext {
  /** What the account has, before any planned file: where documents of known managed policies come from. */
  final Inventory original;
  final InventoryBuilder inventory;

  PlannedContext(Inventory original) {
    this.original = original;
    this.inventory = original.toBuilder();
  }

  String account() {
    return inventory.meta == null || inventory.meta.accountId() == null ? "000000000000" : inventory.meta.accountId();
  }

  String partition() {
    return inventory.meta == null ? "aws" : inventory.meta.partition();
  }

  /** The region a new resource lands in: the runner's, else the inventory's first, else null. */
  String defaultRegion() {
    if (inventory.runnerConfig != null && inventory.runnerConfig.region() != null) return inventory.runnerConfig.region();
    if (inventory.meta != null && !inventory.meta.regions().isEmpty()) return inventory.meta.regions().get(0);
    return null;
  }

  Optional<TaskDefinition> latestRevision(String family) {
    return inventory.list(TaskDefinition.class).stream()
        .filter(t -> family.equals(t.family()))
        .max(Comparator.comparingInt(TaskDefinition::revision));
  }

  Optional<TaskDefinition> latestActiveRevision(String family) {
    return inventory.list(TaskDefinition.class).stream()
        .filter(t -> family.equals(t.family()) && (t.status() == null || "ACTIVE".equals(t.status())))
        .max(Comparator.comparingInt(TaskDefinition::revision));
  }
}
