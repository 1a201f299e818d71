package dev.fargateciaudit.planned;

import dev.fargateciaudit.input.NotYetAvailableException;
import dev.fargateciaudit.inventory.Inventory;
import java.nio.file.Path;

/** Overlays the files of a planned change on an inventory, so the gate judges it in context. */
public final class PlannedOverlay {
  private PlannedOverlay() {}

  public static Inventory apply(Inventory inventory, Path plannedDir) {
    throw new NotYetAvailableException("--planned", 6);
  }
}
