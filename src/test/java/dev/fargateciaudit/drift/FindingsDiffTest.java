package dev.fargateciaudit.drift;

import static dev.fargateciaudit.drift.Findings.finding;
import static dev.fargateciaudit.drift.Findings.waived;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.cli.Main;
import dev.fargateciaudit.findings.AppliedWaiver;
import dev.fargateciaudit.findings.Baseline;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.Status;
import dev.fargateciaudit.input.Mappers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FindingsDiffTest {
  static final String A = "111111111111";
  static final String R = "eu-west-2";
  static final LocalDate TODAY = LocalDate.parse("2026-11-28");
  static final AppliedWaiver SOON = new AppliedWaiver("SG-1", "sg-waived", null, "migration", "alice", LocalDate.parse("2026-12-05"));
  static final AppliedWaiver LATER = new AppliedWaiver("SG-1", "sg-later", null, "vendor", "bob", LocalDate.parse("2027-03-01"));

  static final List<Finding> BEFORE = List.of(
      finding("SG-1", Status.FAIL, "sg-fixed", A, R),
      finding("SG-1", Status.FAIL, "sg-still", A, R),
      finding("SG-1", Status.FAIL, "sg-gone", A, R),
      finding("SG-1", Status.FAIL, "sg-error", A, R),
      finding("SG-1", Status.PASS, "sg-regressed", A, R),
      waived("SG-1", "sg-waived", SOON));
  static final List<Finding> AFTER = List.of(
      finding("SG-1", Status.PASS, "sg-fixed", A, R),
      finding("SG-1", Status.FAIL, "sg-still", A, R),
      finding("SG-1", Status.ERROR, "sg-error", A, R),
      finding("SG-1", Status.FAIL, "sg-regressed", A, R),
      finding("SG-1", Status.FAIL, "sg-brand-new", A, R),
      waived("SG-1", "sg-waived", SOON),
      waived("SG-1", "sg-later", LATER));

  @TempDir Path dir;

  @Test
  void classifiesEveryFindingByKey() {
    FindingsDiff d = FindingsDiff.between(BEFORE, AFTER, TODAY, 14);
    assertThat(d.newFailures()).extracting(f -> f.resource().id()).containsExactly("sg-brand-new", "sg-later", "sg-regressed");
    assertThat(d.fixed()).extracting(x -> x.finding().resource().id() + " " + x.now()).containsExactly("sg-fixed PASS", "sg-gone GONE");
    assertThat(d.stillFailing()).extracting(f -> f.resource().id()).containsExactly("sg-still", "sg-waived");
    assertThat(d.nowError()).extracting(f -> f.resource().id()).containsExactly("sg-error");
    assertThat(d.expiringWaivers()).singleElement().satisfies(w -> {
      assertThat(w.waiver()).isEqualTo(SOON);
      assertThat(w.daysLeft()).isEqualTo(7);
      assertThat(w.findings()).containsExactly("sg-waived");
    });
  }

  @Test
  void expiryWindowIsInclusiveAndExcludesAlreadyExpired() {
    AppliedWaiver edge = new AppliedWaiver("SG-1", "sg-edge", null, "r", "a", TODAY.plusDays(14));
    AppliedWaiver past = new AppliedWaiver("SG-1", "sg-past", null, "r", "a", TODAY.minusDays(1));
    FindingsDiff d = FindingsDiff.between(List.of(), List.of(waived("SG-1", "sg-edge", edge), waived("SG-1", "sg-past", past)), TODAY, 14);
    assertThat(d.expiringWaivers()).extracting(FindingsDiff.ExpiringWaiver::waiver).containsExactly(edge);
  }

  @Test
  void baselineMarksOnlyFailuresAbsentFromIt() {
    List<Finding> marked = Baseline.markNew(AFTER, BEFORE);
    assertThat(marked).filteredOn(Finding::isNew).extracting(f -> f.resource().id())
        .containsExactlyInAnyOrder("sg-regressed", "sg-brand-new");
    assertThat(marked).extracting(f -> f.resource().id()).containsExactlyElementsOf(
        AFTER.stream().map(f -> f.resource().id()).toList());
  }

  @Test
  void baselineReadsFindingsJson() throws Exception {
    Path base = Findings.write(dir, Findings.report(List.of(A), List.of(R), Map.of(), BEFORE));
    List<Finding> marked = Baseline.markNew(AFTER, base);
    assertThat(marked).filteredOn(Finding::isNew).hasSize(2);
  }

  @Test
  void diffCommandPrintsTextAndJsonAndExitsZero() throws Exception {
    Path before = Findings.write(Files.createDirectory(dir.resolve("before")), Findings.report(List.of(A), List.of(R), Map.of(), BEFORE));
    Path after = Findings.write(Files.createDirectory(dir.resolve("after")), Findings.report(List.of(A), List.of(R), Map.of(), AFTER));

    StringWriter out = new StringWriter();
    int code = Main.run(new String[] {"diff", before.toString(), after.toString(), "--today", "2026-11-28"},
        new PrintWriter(out), new PrintWriter(new StringWriter()));
    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("3 new, 2 fixed, 2 still failing, 1 no longer evaluable, 1 waivers expiring")
        .contains("  - [high] SG-1 sg-fixed (111111111111/eu-west-2) was FAIL, now PASS")
        .contains("  - [high] SG-1 sg-gone (111111111111/eu-west-2) was FAIL, now GONE")
        .contains("  + [high] SG-1 sg-brand-new")
        .contains("  ! SG-1 sg-waived expires 2026-12-05 (7 days), approved by alice: migration");

    StringWriter json = new StringWriter();
    code = Main.run(new String[] {"diff", "--json", "--today", "2026-11-28", before.toString(), after.toString()},
        new PrintWriter(json), new PrintWriter(new StringWriter()));
    assertThat(code).isZero();
    JsonNode doc = Mappers.json().readTree(json.toString());
    assertThat(doc.at("/counts/fixed").asInt()).isEqualTo(2);
    assertThat(doc.at("/diff/fixed/0/finding/resource/id").asText()).isEqualTo("sg-fixed");
    assertThat(doc.at("/diff/expiringWaivers/0/waiver/expires").asText()).isEqualTo("2026-12-05");
  }

  @Test
  void diffOfASnapshotOrMissingFileIsBadInput() throws Exception {
    Path snap = dir.resolve("inventory.json");
    Files.writeString(snap, "{\"schemaVersion\": 1, \"taskDefinitions\": []}");
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"diff", snap.toString(), snap.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith(snap + ":1:1: this is an inventory snapshot");

    err = new StringWriter();
    code = Main.run(new String[] {"diff", "nope.json", snap.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("nope.json: file not found");
  }
}
