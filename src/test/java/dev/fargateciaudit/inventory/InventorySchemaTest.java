package dev.fargateciaudit.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.Mappers;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class InventorySchemaTest {
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

  @Test
  void schemaCompilesAndIsDraft202012() {
    assertThat(InventorySchema.schema()).isNotNull();
    assertThat(InventorySchema.schema().getSchemaNode().get("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
  }

  @Test
  void everyRecordFullyPopulatedValidatesAndRoundTrips() {
    Inventory inv = populate(Inventory.class, "Inventory");
    String json = InventoryJson.toJson(inv);
    assertThat(InventorySchema.schema().validate(readTree(json))).isEmpty();
    Inventory back = InventoryJson.read("populated.json", json.getBytes(StandardCharsets.UTF_8));
    assertThat(back).isEqualTo(inv);
    assertThat(InventoryJson.toJson(back)).isEqualTo(json);
  }

  @Test
  void schemaDefinesExactlyTheRecordComponents() {
    JsonNode schema = InventorySchema.schema().getSchemaNode();
    Deque<Class<?>> todo = new ArrayDeque<>(List.of(Inventory.class));
    Set<Class<?>> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      Class<?> c = todo.poll();
      if (!seen.add(c)) continue;
      JsonNode def = c == Inventory.class ? schema : schema.path("$defs").path(c.getSimpleName());
      assertThat(def.isMissingNode()).as("schema has $defs/%s", c.getSimpleName()).isFalse();
      assertThat(def.path("additionalProperties").asBoolean(true)).as("%s closed", c.getSimpleName()).isFalse();
      Set<String> fields = new TreeSet<>();
      def.path("properties").fieldNames().forEachRemaining(fields::add);
      Set<String> components = new TreeSet<>();
      for (RecordComponent rc : c.getRecordComponents()) {
        components.add(rc.getName());
        recordTypes(rc.getGenericType(), todo);
      }
      assertThat(fields).as("properties of %s", c.getSimpleName()).isEqualTo(components);
    }
    assertThat(seen).hasSizeGreaterThan(35);
  }

  @Test
  void unknownFieldIsReportedAtItsPosition() {
    String json = "{\n  \"schemaVersion\": 1,\n  \"vpcs\": [\n    {\"id\": \"vpc-1\", \"cidr\": \"10.0.0.0/16\"}\n  ]\n}\n";
    assertThatThrownBy(() -> InventoryJson.read("s.json", bytes(json)))
        .isInstanceOfSatisfying(BadInputException.class, e -> {
          assertThat(e.oneLine()).startsWith("s.json:4:");
          assertThat(e.getMessage()).isEqualTo("unknown field 'cidr' in vpcs[0] (did you mean 'cidrBlock'?)");
        });
  }

  @Test
  void wrongTypeAndBadEnumAreExplained() {
    String wrongType = "{\"schemaVersion\": 1,\n \"subnets\": [{\"mapPublicIpOnLaunch\": \"false\"}]}";
    assertThatThrownBy(() -> InventoryJson.read("t.json", bytes(wrongType)))
        .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.oneLine())
            .isEqualTo("t.json:2:38: wrong type at subnets[0].mapPublicIpOnLaunch: a string (expected boolean)"));
    String badEnum = "{\"schemaVersion\": 1, \"routeTables\": [{\"routes\": [{\"targetKind\": \"igw2\"}]}]}";
    assertThatThrownBy(() -> InventoryJson.read("e.json", bytes(badEnum)))
        .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.getMessage())
            .contains("routeTables[0].routes[0].targetKind").contains("\"igw2\"").contains("local, igw, eigw"));
  }

  @Test
  void unsupportedSchemaVersionIsNamed() {
    assertThatThrownBy(() -> InventoryJson.read("v.json", bytes("{\n  \"schemaVersion\": 2\n}")))
        .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.oneLine())
            .isEqualTo("v.json:2:20: unsupported schemaVersion 2 (this tool reads schemaVersion 1)"));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode readTree(String json) {
    try {
      return Mappers.json().readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void recordTypes(Type t, Deque<Class<?>> todo) {
    if (t instanceof ParameterizedType p) {
      Arrays.stream(p.getActualTypeArguments()).forEach(a -> recordTypes(a, todo));
    } else if (t instanceof Class<?> c && c.isRecord()) {
      todo.add(c);
    }
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
