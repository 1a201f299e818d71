package dev.fargateciaudit.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pre-check may only ever say "valid" where networknt says so too: it decides which records
 * (and other top-level members, such as {@code meta}) skip networknt, so one it wrongly passed would
 * be loaded unvalidated. Checked over every record and member of the bundled examples, of a
 * synthetic estate and of the bad-input corpus, and over every one-value mutation of the example's.
 */
class SchemaPrecheckTest {
  private static final ObjectMapper JSON = Mappers.json();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final SchemaPrecheck PRECHECK = SchemaPrecheck.of(InventorySchema.schema().getSchemaNode());

  /**
   * A value put in place of each value of a record, one at a time; strings with line terminators
   * and non-ASCII characters because Java's and JSON Schema's regular expressions differ on them.
   */
  private static final List<JsonNode> REPLACEMENTS = List.of(
      NODES.nullNode(), NODES.textNode(""), NODES.textNode("x"), NODES.textNode("tcp"), NODES.textNode("tcp\n"), NODES.textNode("\ntcp"),
      NODES.textNode("1234"), NODES.textNode("6\r"), NODES.textNode("udp\u2028"), NODES.textNode("t\u00e9p"),
      NODES.textNode("ENABLED"), NODES.textNode("enabled"), NODES.textNode("ENABLED\n"),
      NODES.textNode("123456789012"), NODES.textNode("2026-12-01T00:00:00Z"), NODES.textNode("2024-02-29T23:59:59.123456789Z"),
      NODES.textNode("2026-02-29T00:00:00Z"), NODES.textNode("2026-12-01T24:00:00Z"), NODES.textNode("2026-12-31T23:59:60Z"),
      NODES.textNode("2026-12-01t00:00:00z"), NODES.textNode("2026-12-01T00:00:00+01:00"), NODES.textNode("2026-12-01T00:00:00Z\n"), NODES.numberNode(0), NODES.numberNode(-1),
      NODES.numberNode(2147483647), NODES.numberNode(2147483648L), NODES.numberNode(-2147483649L),
      NODES.numberNode(new BigInteger("123456789012345678901234567890")), NODES.numberNode(1.0), NODES.numberNode(1.5),
      NODES.booleanNode(true), NODES.objectNode(), NODES.arrayNode(), NODES.arrayNode().add("x"),
      NODES.arrayNode().add(1), NODES.arrayNode().addNull(), NODES.objectNode().put("unknownField", 1));

  @Test
  void everyListOfTheSchemaHasAPrecheck() {
    // A keyword the pre-check does not understand switches it off for that list, silently slower:
    // extend SchemaPrecheck (and this test's mutations) when the schema gains one.
    InventorySchema.schema().getSchemaNode().path("properties").fields().forEachRemaining(p -> {
      if (p.getValue().has("items")) assertThat(PRECHECK.covers(p.getKey())).as(p.getKey()).isTrue();
    });
  }

  @Test
  void everyOtherMemberOfTheSchemaHasAPrecheck() {
    // Without one, a load compiles the whole document's schema to validate meta or runnerConfig.
    InventorySchema.schema().getSchemaNode().path("properties").fields().forEachRemaining(p -> {
      if (!p.getValue().has("items") && !p.getKey().equals("schemaVersion")) {
        assertThat(PRECHECK.coversMember(p.getKey())).as(p.getKey()).isTrue();
      }
    });
    assertThat(PRECHECK.coversMember("vpcs")).isFalse();
  }

  @Test
  void passesEveryRecordOfTheExamplesAndOfASyntheticEstate() throws IOException {
    List<JsonNode> snapshots = new ArrayList<>(examples());
    snapshots.add(JSON.readTree(SyntheticSnapshot.json(300, 7)));
    int[] records = {0};
    for (JsonNode snapshot : snapshots) {
      forEachRecord(snapshot, (field, record) -> {
        records[0]++;
        assertThat(networkntErrors(field, record)).as("%s %s", field, record).isEmpty();
        assertThat(passes(field, record)).as("%s %s", field, record).isTrue();
      });
    }
    assertThat(records[0]).isGreaterThan(2000);
  }

  @Test
  void whateverItPassesNetworkntPasses() throws IOException {
    int[] counts = new int[3]; // mutations; rejected by networknt; passed by both
    for (JsonNode snapshot : examples()) {
      forEachRecord(snapshot, (field, record) -> mutations(record, mutated -> {
        counts[0]++;
        boolean valid = networkntErrors(field, mutated).isEmpty();
        if (!valid) counts[1]++;
        boolean passed = passes(field, mutated);
        if (passed) {
          counts[2]++;
          assertThat(valid).as("pre-check passed what networknt rejects: %s %s", field, mutated).isTrue();
        }
      }));
    }
    // Both outcomes occur in numbers: the mutations test the pre-check, not a pre-check that passes nothing.
    assertThat(counts[0]).isGreaterThan(10_000);
    assertThat(counts[1]).isGreaterThan(counts[0] / 4);
    assertThat(counts[2]).isGreaterThan(counts[0] / 10);
  }

  @Test
  void neverPassesARecordOfTheBadInputCorpusThatNetworkntRejects() throws IOException {
    int judged = 0;
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/bad-input/snapshot"))) {
      for (Path f : files.sorted().toList()) {
        JsonNode snapshot;
        try {
          snapshot = JSON.readTree(f.toFile());
        } catch (IOException unparseable) {
          continue;
        }
        if (snapshot == null || !snapshot.isObject()) continue;
        List<String[]> wrong = new ArrayList<>();
        forEachRecord(snapshot, (field, record) -> {
          if (!networkntErrors(field, record).isEmpty() && passes(field, record)) {
            wrong.add(new String[] {f.getFileName().toString(), field, record.toString()});
          }
        });
        assertThat(wrong).as(f.toString()).isEmpty();
        judged++;
      }
    }
    assertThat(judged).isGreaterThan(5);
  }

  @Test
  void aSchemaWithAKeywordItDoesNotKnowGetsNoPrecheck() throws IOException {
    JsonNode schema = JSON.readTree("""
        {"properties": {
          "vpcs": {"type": ["array", "null"], "items": {"$ref": "#/$defs/Vpc"}},
          "subnets": {"type": ["array", "null"], "items": {"type": "object", "properties": {"id": {"type": "string", "minLength": 1}}}}},
         "$defs": {"Vpc": {"type": "object", "additionalProperties": false,
                           "properties": {"id": {"type": "string", "pattern": "^vpc-"}, "isDefault": {"type": "boolean"}}}}}
        """);
    SchemaPrecheck p = SchemaPrecheck.of(schema);
    assertThat(p.covers("vpcs")).isTrue();
    assertThat(p.covers("subnets")).isFalse();
    assertThat(p.passes("subnets", JSON.readTree("{\"id\": \"subnet-1\"}"))).isFalse();
    assertThat(p.passes("vpcs", JSON.readTree("{\"id\": \"vpc-1\", \"isDefault\": true}"))).isTrue();
    assertThat(p.passes("vpcs", JSON.readTree("{\"id\": \"igw-1\"}"))).isFalse();
    assertThat(p.passes("vpcs", JSON.readTree("{\"id\": \"vpc-1\", \"isdefault\": true}"))).isFalse();
    assertThat(p.passes("vpcs", JSON.readTree("{\"isDefault\": 1}"))).isFalse();
  }

  private static List<JsonNode> examples() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String e : List.of("blog-setup", "hardened")) out.add(JSON.readTree(Path.of("examples", e, "inventory.json").toFile()));
    return out;
  }

  private interface RecordVisitor {
    void visit(String field, JsonNode record);
  }

  /** Each element of the snapshot's lists, and each other member but schemaVersion (checked on its own). */
  private static void forEachRecord(JsonNode snapshot, RecordVisitor visitor) {
    for (Iterator<Map.Entry<String, JsonNode>> it = snapshot.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> member = it.next();
      if (member.getKey().equals("schemaVersion")) continue;
      if (InventorySchema.itemSchema(member.getKey()) == null) visitor.visit(member.getKey(), member.getValue());
      else if (member.getValue().isArray()) for (JsonNode record : member.getValue()) visitor.visit(member.getKey(), record);
    }
  }

  /** The pre-check's verdict on a record of the list {@code field}, or on the value of the member {@code field}. */
  private static boolean passes(String field, JsonNode value) {
    return InventorySchema.itemSchema(field) == null ? PRECHECK.passesMember(field, value) : PRECHECK.passes(field, value);
  }

  /** networknt's errors on a record, or on a member as the snapshot load validates it: in the document, {@code required} aside. */
  private static List<com.networknt.schema.Error> networkntErrors(String field, JsonNode value) {
    Schema items = InventorySchema.itemSchema(field);
    if (items != null) return items.validate(value, ctx -> ctx.executionConfig(c -> c.annotationCollectionEnabled(false)));
    ObjectNode member = NODES.objectNode();
    member.set(field, value);
    return InventorySchema.schema().validate(member, ctx -> ctx.executionConfig(c -> c.annotationCollectionEnabled(false)))
        .stream().filter(e -> !"required".equals(e.getKeyword())).toList();
  }

  /** Every copy of {@code record} with one value replaced, or one unknown field added to an object. */
  private static void mutations(JsonNode record, Consumer<JsonNode> out) {
    List<List<Object>> paths = new ArrayList<>();
    collectPaths(record, new ArrayList<>(), paths);
    for (List<Object> path : paths) {
      if (path.isEmpty()) continue;
      for (JsonNode replacement : REPLACEMENTS) out.accept(replaced(record, path, replacement));
    }
    for (List<Object> path : paths) {
      JsonNode at = at(record, path);
      if (at.isObject()) {
        JsonNode copy = record.deepCopy();
        ((ObjectNode) at(copy, path)).put("notInTheSchema", "x");
        out.accept(copy);
      }
    }
  }

  private static void collectPaths(JsonNode node, List<Object> path, List<List<Object>> out) {
    out.add(List.copyOf(path));
    if (node.isObject()) {
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        path.add(name);
        collectPaths(node.get(name), path, out);
        path.remove(path.size() - 1);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        path.add(i);
        collectPaths(node.get(i), path, out);
        path.remove(path.size() - 1);
      }
    }
  }

  private static JsonNode at(JsonNode node, List<Object> path) {
    for (Object step : path) node = step instanceof Integer i ? node.get(i) : node.get((String) step);
    return node;
  }

  private static JsonNode replaced(JsonNode record, List<Object> path, JsonNode value) {
    JsonNode copy = record.deepCopy();
    JsonNode parent = at(copy, path.subList(0, path.size() - 1));
    Object last = path.get(path.size() - 1);
    if (last instanceof Integer i) ((ArrayNode) parent).set(i, value.deepCopy());
    else ((ObjectNode) parent).set((String) last, value.deepCopy());
    return copy;
  }
}
