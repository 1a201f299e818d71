package dev.fargateciaudit.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.Mappers;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class InventorySchemaTest {
  @Test
  void schemaCompilesAndIsDraft202012() {
    assertThat(InventorySchema.schema()).isNotNull();
    assertThat(InventorySchema.schema().getSchemaNode().get("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
  }

  @Test
  void itemSchemasAreCompiledOncePerListAndOnlyForLists() {
    assertThat(InventorySchema.itemSchema("schemaVersion")).isNull();
    assertThat(InventorySchema.itemSchema("meta")).isNull();
    assertThat(InventorySchema.itemSchema("noSuchMember")).isNull();
    assertThat(InventorySchema.itemSchema("vpcs")).isNotNull().isSameAs(InventorySchema.itemSchema("vpcs"));
    assertThat(InventorySchema.itemSchema("vpcs").validate(readTree("{\"id\": \"vpc-1\", \"region\": \"eu-west-2\"}"))).isEmpty();
    assertThat(InventorySchema.itemSchema("vpcs").validate(readTree("{\"id\": \"vpc-1\", \"colour\": \"blue\"}")))
        .as("a VPC with a member the schema does not know").isNotEmpty();
  }

  @Test
  void everyRecordFullyPopulatedValidatesAndRoundTrips() {
    Inventory inv = PopulatedInventory.create();
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
  void docsDescribeEveryRecord() throws java.io.IOException {
    String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs/inventory.md"));
    JsonNode schema = InventorySchema.schema().getSchemaNode();
    schema.path("$defs").fieldNames().forEachRemaining(name -> {
      if (schema.path("$defs").path(name).has("properties")) {
        assertThat(doc).as("docs/inventory.md documents %s", name).contains("### " + name + "\n");
        schema.path("$defs").path(name).path("properties").fieldNames()
            .forEachRemaining(f -> assertThat(doc).contains("| `" + f + "` |"));
      }
    });
  }

  @Test
  void unknownFieldIsReportedAtItsPosition() {
    String json = "{\n  \"schemaVersion\": 1,\n  \"vpcs\": [\n    {\"id\": \"vpc-1\", \"cidr\": \"10.0.0.0/16\"}\n  ]\n}\n";
    assertThatThrownBy(() -> InventoryJson.read("s.json", bytes(json)))
        .isInstanceOfSatisfying(BadInputException.class, e -> {
          assertThat(e.oneLine()).startsWith("s.json:4:");
          assertThat(e.getMessage()).isEqualTo("unknown field in vpcs[0] (did you mean 'cidrBlock'?)");
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
            .contains("routeTables[0].routes[0].targetKind").doesNotContain("igw2").contains("local, igw, eigw"));
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
}
