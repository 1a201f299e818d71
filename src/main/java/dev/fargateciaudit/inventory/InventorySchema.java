package dev.fargateciaudit.inventory;

/**
 * Validates a snapshot against {@code /schema/inventory.schema.json} before binding, so errors
 * name the file and position. (Schema validation lands with issue #2's schema work.)
 */
final class InventorySchema {
  private InventorySchema() {}

  static void validate(String name, byte[] json) {
    // Binding with FAIL_ON_UNKNOWN_PROPERTIES already rejects unknown fields and wrong types.
  }
}
