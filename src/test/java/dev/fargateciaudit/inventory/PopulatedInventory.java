package dev.fargateciaudit.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An inventory in which every record component of every record type is set (found by reflection,
 * so a component added to a record is covered without touching this class).
 */
final class PopulatedInventory {
  /** Values for components whose schema restricts them (enums, patterns, const). */
  private static final Map<String, Object> CONSTRAINED = Map.ofEntries(
      Map.entry("Inventory.schemaVersion", Inventory.SCHEMA_VERSION),
      Map.entry("InventoryMeta.accountId", "123456789012"),
      Map.entry("InventoryMeta.source", "live"),
      Map.entry("Route.targetKind", "nat"),
      Map.entry("Route.state", "active"),
      Map.entry("SecurityGroupRule.sourceKind", "sg"),
      Map.entry("SecurityGroupRule.protocol", "tcp"),
      Map.entry("AwsVpcConfiguration.assignPublicIp", "DISABLED"),
      Map.entry("EfsVolumeConfiguration.transitEncryption", "ENABLED"),
      Map.entry("EfsVolumeConfiguration.iam", "ENABLED"),
      Map.entry("NatGateway.connectivityType", "public"),
      Map.entry("Source.kind", "planned"),
      Map.entry("EnvironmentVariable.classification", "secret-name"));

  private PopulatedInventory() {}

  static Inventory create() {
    return populate(Inventory.class, "Inventory");
  }

  /** An instance of {@code type} with every component set to a non-empty value. */
  @SuppressWarnings("unchecked")
  private static <T> T populate(Class<T> type, String path) {
    try {
      RecordComponent[] rcs = type.getRecordComponents();
      Object[] args = new Object[rcs.length];
      Class<?>[] types = new Class<?>[rcs.length];
      for (int i = 0; i < rcs.length; i++) {
        types[i] = rcs[i].getType();
        String key = type.getSimpleName() + "." + rcs[i].getName();
        args[i] = CONSTRAINED.containsKey(key) ? CONSTRAINED.get(key) : value(rcs[i].getGenericType(), key);
      }
      return type.getDeclaredConstructor(types).newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(path, e);
    }
  }

  private static Object value(Type t, String key) {
    if (t instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      if (raw == List.class) {
        List<Object> list = new ArrayList<>();
        list.add(value(p.getActualTypeArguments()[0], key));
        return list;
      }
      if (raw == Map.class) return Map.of("k-" + key, value(p.getActualTypeArguments()[1], key));
    }
    Class<?> c = (Class<?>) t;
    if (c == String.class) return "v-" + key;
    if (c == int.class || c == Integer.class) return 7;
    if (c == long.class || c == Long.class) return 9_000_000_000L;
    if (c == boolean.class || c == Boolean.class) return true;
    if (c == Instant.class) return Instant.parse("2026-11-27T10:15:30Z");
    if (JsonNode.class.isAssignableFrom(c)) {
      ObjectNode doc = JsonNodeFactory.instance.objectNode();
      doc.put("Version", "2012-10-17");
      doc.putArray("Statement").addObject().put("Effect", "Allow").put("Action", "ecs:Describe*");
      return doc;
    }
    if (c.isRecord()) return populate(c, key);
    throw new AssertionError("no sample value for " + c + " at " + key);
  }
}
