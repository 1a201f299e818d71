package dev.fargateciaudit.collect;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.input.NotYetAvailableException;
import dev.fargateciaudit.inventory.Inventory;

/** Entry point of live collection: every collector, every region, one inventory. */
public final class LiveCollection {
  private LiveCollection() {}

  public static Inventory collect(AuditConfig config, LiveOptions options) {
    throw new NotYetAvailableException("live collection (--live, collect)", 5);
  }
}
