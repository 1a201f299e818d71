package dev.fargateciaudit.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fargateciaudit.input.Mappers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The snapshot format {@link InventoryWriter} writes is, byte for byte, what the snapshot mapper's
 * own serializers write for the same inventory, indented and compact: every record type fully
 * populated, the bundled examples, and a synthetic estate of every area.
 */
class InventoryWriterTest {
  private static final ObjectWriter INDENTED = Mappers.json().writer();
  private static final ObjectWriter COMPACT = INDENTED.without(SerializationFeature.INDENT_OUTPUT);

  @Test
  void everyRecordFullyPopulatedIsWrittenAsTheMapperWritesIt() throws IOException {
    assertSameBytes(PopulatedInventory.create());
  }

  @Test
  void theExamplesAreWrittenAsTheMapperWritesThem() throws IOException {
    for (String example : List.of("blog-setup", "hardened")) {
      assertSameBytes(InventoryJson.load(Path.of("examples", example, "inventory.json")));
    }
  }

  @Test
  void aSyntheticEstateIsWrittenAsTheMapperWritesIt() throws IOException {
    assertSameBytes(InventoryJson.read("synthetic.json", SyntheticSnapshot.json(200, 7)));
  }

  @Test
  void emptyListsAreKeptAndNullsLeftOut() throws IOException {
    Inventory inv = InventoryJson.read("min.json", "{\"schemaVersion\": 1}".getBytes(StandardCharsets.UTF_8));
    String json = written(inv, false);
    assertThat(json).isEqualTo(COMPACT.writeValueAsString(inv)).contains("\"vpcs\":[]").doesNotContain("null");
  }

  @Test
  void mapEntriesAreWrittenInKeyOrder() throws IOException {
    Map<String, String> tags = new LinkedHashMap<>();
    for (String key : List.of("team", "Name", "cost-centre", "app", "zone")) tags.put(key, key.toUpperCase(Locale.ROOT));
    Vpc vpc = new Vpc("vpc-1", "eu-west-2", "10.0.0.0/16", List.of(), false, tags);
    StringWriter out = new StringWriter();
    try (JsonGenerator g = Mappers.json().getFactory().createGenerator(out)) {
      InventoryWriter.write(g, vpc);
    }
    assertThat(out.toString()).isEqualTo(COMPACT.writeValueAsString(vpc))
        .contains("{\"Name\":\"NAME\",\"app\":\"APP\",\"cost-centre\":\"COST-CENTRE\",\"team\":\"TEAM\",\"zone\":\"ZONE\"}");
  }

  private static void assertSameBytes(Inventory inv) throws IOException {
    assertThat(written(inv, true)).isEqualTo(INDENTED.writeValueAsString(inv));
    assertThat(written(inv, false)).isEqualTo(COMPACT.writeValueAsString(inv));
    assertThat(InventoryJson.toJson(inv)).isEqualTo(INDENTED.writeValueAsString(inv));
  }

  private static String written(Inventory inv, boolean indent) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InventoryJson.write(inv, out, indent);
    return out.toString(StandardCharsets.UTF_8);
  }
}
