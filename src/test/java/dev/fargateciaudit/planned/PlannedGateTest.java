package dev.fargateciaudit.planned;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.cli.Main;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.FindingsDocument;
import dev.fargateciaudit.findings.FindingsJson;
import dev.fargateciaudit.findings.Gate;
import dev.fargateciaudit.findings.Status;
import dev.fargateciaudit.input.Mappers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pre-deploy gate, end to end through the CLI: planned changes on the hardened estate, and drift
 * between the blog and hardened estates. Needs the rule engine (#3) and the reporters (#4); until
 * they are on the branch these tests are skipped (never passed) with the reason. A change is judged
 * only once a rule on the subject type it changes is loaded (port mappings and images: {@code container};
 * public IPs: {@code ecsService}); before that the test is skipped, naming what is missing. Changes
 * are gated at {@code --fail-on medium}, the pre-deploy gate template's default.
 */
class PlannedGateTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err, Path outDir) {
    FindingsDocument findings() {
      return FindingsJson.read(outDir.resolve("findings.json"));
    }
  }

  Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString(), null);
  }

  Run audit(String estate, String name, String... extra) {
    Path out = tmp.resolve(name);
    List<String> args = new ArrayList<>(List.of(
        "audit", "--config", "examples/" + estate + "/audit.yml", "--snapshot", "examples/" + estate + "/inventory.json",
        "--out", out.toString(), "--today", "2026-11-28", "--quiet"));
    args.addAll(List.of(extra));
    Run r = cli(args.toArray(String[]::new));
    return new Run(r.code(), r.out(), r.err(), out);
  }

  @Test
  void compliantPlannedChangePasses() {
    Run r = audit("hardened", "compliant", "--planned", "examples/planned/compliant", "--fail-on", "medium");
    assertThat(r.code()).as(r.err()).isEqualTo(Gate.OK);
    assertThat(r.findings().meta().source()).isEqualTo("snapshot+planned");
  }

  static void assumeRulesOn(Run r, String subject) {
    boolean loaded = r.findings().rules().stream().anyMatch(rule -> subject.equals(rule.subject()));
    Assumptions.assumeTrue(loaded, "no rule on subject " + subject + " is loaded yet (issue #3)");
  }

  @ParameterizedTest(name = "{0} fails the gate at {1}")
  @CsvSource({
    "port-80, examples/planned/port-80/taskdef.json, container",
    "public-image, examples/planned/public-image/taskdef.json, container",
    // The finding is on the planned service, whose assignPublicIp is wrong, and cites its file.
    "public-ip, examples/planned/public-ip/service.json, ecsService"
  })
  void nonCompliantPlannedChangeFailsWithAFindingOnThePlannedFile(String change, String fileOrDir, String subject) {
    Run r = audit("hardened", change, "--planned", "examples/planned/" + change, "--fail-on", "medium");
    assumeRulesOn(r, subject);
    assertThat(r.code()).as(r.err()).isEqualTo(Gate.FAILED);
    List<Finding> failures = r.findings().findings().stream().filter(f -> f.status() == Status.FAIL).toList();
    assertThat(failures).as("failures of %s", change).isNotEmpty()
        .anySatisfy(f -> {
          assertThat(f.source()).isNotNull();
          assertThat(f.source().kind()).isEqualTo("planned");
          if (fileOrDir.endsWith("/")) assertThat(f.source().file()).startsWith(fileOrDir);
          else assertThat(f.source().file()).isEqualTo(fileOrDir);
        });
  }

  @Test
  void diffOfBlogAndHardenedListsEveryFixedFailure() throws Exception {
    Run blog = audit("blog-setup", "blog");
    Run hardened = audit("hardened", "hardened");
    assertThat(blog.code()).isEqualTo(Gate.FAILED);
    assertThat(hardened.code()).as(hardened.err()).isEqualTo(Gate.OK);
    long blogFailures = blog.findings().findings().stream().filter(f -> f.status() == Status.FAIL).count();

    Run diff = cli("diff", "--json", "--today", "2026-11-28",
        blog.outDir().resolve("findings.json").toString(), hardened.outDir().resolve("findings.json").toString());
    assertThat(diff.code()).isZero();
    JsonNode d = Mappers.json().readTree(diff.out());
    assertThat(d.at("/counts/fixed").asLong()).isEqualTo(blogFailures).isPositive();
    assertThat(d.at("/counts/stillFailing").asLong()).isZero();
    // The one new failure is info advice (FCA-IAM-013, AWS's own policy on the hardened execution
    // role): the blog's execution role, a different role, had the same advice among its fixed ones.
    assertThat(d.at("/counts/newFailures").asLong()).isOne();
    assertThat(d.at("/diff/newFailures/0/ruleId").asText()).isEqualTo("FCA-IAM-013");
    assertThat(d.at("/diff/newFailures/0/severity").asText()).isEqualTo("info");
  }

  @Test
  void failOnNewGatesOnlyOnFailuresAbsentFromTheBaseline() {
    Run before = audit("hardened", "baseline");
    Path baseline = before.outDir().resolve("findings.json");

    Run same = audit("blog-setup", "blog-vs-itself-base");
    Run again = audit("blog-setup", "blog-again", "--baseline", same.outDir().resolve("findings.json").toString(), "--fail-on-new");
    assertThat(again.code()).as("nothing new on an unchanged estate").isEqualTo(Gate.OK);
    assertThat(again.findings().findings()).noneMatch(Finding::isNew);

    Run change = audit("hardened", "port-80-new", "--planned", "examples/planned/port-80", "--baseline", baseline.toString(), "--fail-on-new", "--fail-on", "medium");
    assumeRulesOn(change, "container");
    assertThat(change.code()).isEqualTo(Gate.FAILED);
    assertThat(change.findings().findings()).filteredOn(Finding::isNew)
        .isNotEmpty()
        .allSatisfy(f -> assertThat(f.status()).isEqualTo(Status.FAIL));
  }

  @Test
  void badPlannedInputExitsTwoWithOneLine() {
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"audit", "--snapshot", "examples/hardened/inventory.json",
        "--planned", "examples/hardened", "--out", tmp.resolve("bad").toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err));
    // examples/hardened holds an inventory.json, which is no planned file: bad input before anything is evaluated.
    assertThat(code).isEqualTo(Gate.BAD_INPUT);
    assertThat(err.toString()).startsWith("examples/hardened/inventory.json:1:1: cannot tell what this file plans");
    assertThat(err.toString().lines()).hasSize(1);
  }
}
