package dev.fargateciaudit.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming load: same inventory as whole-document binding, errors in file terms. */
class SnapshotReaderTest {
  private static byte[] estate;

  @TempDir Path tmp;

  @BeforeAll
  static void generate() throws IOException {
    estate = SyntheticSnapshot.json(300, 3);
  }

  @Test
  void streamedLoadEqualsWholeDocumentBinding() throws IOException {
    Path file = tmp.resolve("estate.json");
    Files.write(file, estate);
    Inventory streamed = InventoryJson.load(file);
    assertThat(streamed).isEqualTo(Mappers.json().readValue(estate, Inventory.class));
    assertThat(streamed.ecsTasks()).hasSize(600);
    assertThat(InventoryJson.read("populated.json", bytes(InventoryJson.toJson(PopulatedInventory.create()))))
        .isEqualTo(PopulatedInventory.create());
  }

  @Test
  void aLoadedInventoryRoundTripsThroughSave() throws IOException {
    Inventory inv = InventoryJson.read("estate.json", estate);
    Path copy = tmp.resolve("copy.json");
    InventoryJson.save(inv, copy);
    assertThat(InventoryJson.load(copy)).isEqualTo(inv);
  }

  @Test
  void largeInventoriesAreSavedCompactSmallOnesIndented() throws IOException {
    InventoryBuilder large = Inventory.builder();
    IntStream.range(0, InventoryJson.INDENT_MAX_RECORDS + 1).forEach(i ->
        large.add(new Vpc("vpc-" + i, "eu-west-2", "10.0.0.0/16", List.of(), false, Map.of())));
    Path big = tmp.resolve("big.json");
    InventoryJson.save(large.build(), big);
    assertThat(Files.readString(big)).doesNotContain("\n").startsWith("{\"schemaVersion\":1,");
    assertThat(InventoryJson.load(big)).isEqualTo(large.build());

    Path small = tmp.resolve("small.json");
    InventoryJson.save(PopulatedInventory.create(), small);
    assertThat(Files.readAllLines(small)).hasSizeGreaterThan(50);
  }

  @Test
  void violationInALaterRecordIsReportedAtItsLineWithItsPath() {
    String json = """
        {
          "schemaVersion": 1,
          "vpcs": [
            {"id": "vpc-1", "cidrBlock": "10.0.0.0/16", "isDefault": false},
            {"id": "vpc-2", "cidrBlock": "10.1.0.0/16", "isDefault": false},
            {"id": "vpc-3", "cidrBlock": "10.2.0.0/16", "isDefault": "no"}
          ]
        }
        """;
    assertBadInput(json, e -> {
      assertThat(e.line()).isEqualTo(6);
      assertThat(e.column()).isEqualTo(62);
      assertThat(e.getMessage()).isEqualTo("wrong type at vpcs[2].isDefault: a string (expected boolean)");
    });
  }

  @Test
  void unknownTopLevelMemberIsReportedAtItsValue() {
    assertBadInput("{\"schemaVersion\": 1,\n \"vpc\": []}", e -> {
      assertThat(e.oneLine()).isEqualTo("s.json:2:9: unknown field in the top level (did you mean 'vpcs'?)");
    });
  }

  @Test
  void aSyntaxErrorLaterInTheFileWinsOverAnEarlierViolation() {
    String json = "{\"schemaVersion\": 1,\n \"vpcs\": [{\"id\": 7}],\n \"subnets\": [{\"id\": \"subnet-1\",]}";
    assertBadInput(json, e -> {
      assertThat(e.line()).isEqualTo(3);
      assertThat(e.getMessage()).contains("an unexpected character (expected a key in double quotes)");
    });
  }

  @Test
  void aWrongSchemaVersionAfterTheRecordsWinsOverTheirViolations() {
    String json = "{\"vpcs\": [{\"id\": 7}],\n \"schemaVersion\": 2}";
    assertBadInput(json, e -> assertThat(e.oneLine())
        .isEqualTo("s.json:2:19: unsupported schemaVersion 2 (this tool reads schemaVersion 1)"));
  }

  @Test
  void aMissingSchemaVersionIsReportedAtTheObjectAfterTheRecords() {
    assertBadInput("\n {\"vpcs\": [{\"id\": 7}]}", e -> assertThat(e.oneLine())
        .isEqualTo("s.json:2:2: missing schemaVersion (expected 1)"));
  }

  @Test
  void aLaterViolationWinsOverAnEarlierValueThatCannotBeBound() {
    String json = """
        {"schemaVersion": 1,
         "meta": {"collectedAt": "yesterday", "collectionMillis": 0},
         "vpcs": [{"id": "vpc-1", "isDefault": false, "colour": "blue"}]}
        """;
    assertBadInput(json, e -> assertThat(e.getMessage()).startsWith("unknown field in vpcs[0]"));
    String onlyBinding = json.replace(", \"colour\": \"blue\"", "");
    assertBadInput(onlyBinding, e -> assertThat(e.oneLine()).isEqualTo(
        "s.json:2:26: invalid value at meta.collectedAt (expected an ISO-8601 timestamp such as 2026-11-27T10:15:30Z)"));
  }

  @Test
  void aValueThatCannotBeBoundInARecordNamesTheRecord() {
    String json = "{\"schemaVersion\": 1, \"vpcs\": [\n"
        + "  {\"id\": \"vpc-1\", \"isDefault\": false},\n  {\"id\": \"vpc-2\"}]}";
    assertBadInput(json, e -> {
      assertThat(e.line()).isEqualTo(3);
      assertThat(e.column()).isEqualTo(3);
      assertThat(e.getMessage()).startsWith("wrong type at vpcs[1].isDefault");
    });
  }

  /** A violation far into a long list is the one reported, before a later one in another list. */
  @Test
  void theFirstViolationFarIntoAListIsReportedBeforeALaterOne() {
    int bad = 1297;
    StringBuilder json = new StringBuilder("{\"schemaVersion\": 1,\n\"vpcs\": [\n");
    for (int i = 0; i < 2000; i++) {
      if (i > 0) json.append(",\n");
      json.append(i == bad ? "{\"id\": \"vpc-x\", \"isDefault\": \"no\"}" : "{\"id\": \"vpc-" + i + "\", \"isDefault\": false}");
    }
    json.append("],\n\"subnets\": [{\"id\": 7}]}");
    assertBadInput(json.toString(), e -> {
      assertThat(e.line()).isEqualTo(bad + 3);
      assertThat(e.getMessage()).isEqualTo("wrong type at vpcs[" + bad + "].isDefault: a string (expected boolean)");
    });
  }

  @Test
  void missingFileIsReportedByName() {
    assertThatThrownBy(() -> InventoryJson.load(tmp.resolve("nope.json")))
        .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.oneLine()).endsWith("nope.json: file not found"));
  }

  private static void assertBadInput(String json, Consumer<BadInputException> check) {
    assertThatThrownBy(() -> InventoryJson.read("s.json", bytes(json)))
        .isInstanceOfSatisfying(BadInputException.class, check);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
