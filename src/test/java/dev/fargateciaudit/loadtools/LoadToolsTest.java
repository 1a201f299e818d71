package dev.fargateciaudit.loadtools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load tools still work from their home in the test sources. */
class LoadToolsTest {
  @Test
  void aMotoRecordingIsCountedWhenTwoRequestsShareALine() throws Exception {
    String ecs = "{\"method\": \"POST\", \"url\": \"http://127.0.0.1:5000/\", \"body\": \"{}\", \"body_encoded\": false,"
        + " \"headers\": {\"Authorization\": \"AWS4-HMAC-SHA256 Credential=AKIATEST/20261207/eu-west-2/ecs/aws4_request\","
        + " \"X-Amz-Target\": \"AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition\"}}";
    // moto writes an entry, then its newline: two requests at once can come out as both, then both newlines.
    assertThat(MotoRecording.counts(ecs + ecs + "\n\n" + ecs + "\n")).containsExactly(java.util.Map.entry("ecs:DescribeTaskDefinition", 3L));
  }

  @TempDir Path dir;

  @Test
  void printsEveryMetricForATinyScaleAndTheWholeRun() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = LoadTools.run(new String[] {"bench", "--scales", "50", "--cache-dir", dir.toString(),
        "--launcher", "self", "--xmx", "256m", "--load-variants", "--whole-runs", "2"}, new PrintWriter(out), new PrintWriter(err));

    String text = out.toString();
    assertThat(err.toString()).isEmpty();
    assertThat(text).containsPattern("(?m)^machine: one thread sorts 4,194,304 ints in \\d+ ms; 128.0 MiB of fresh memory zeroed in \\d+ ms");
    assertThat(text).contains("scale 50: ").containsPattern("generated in \\d+ ms");
    assertThat(text).containsPattern("(?m)^  load +\\d+ ms .*\\d+ ms in GC");
    assertThat(text).containsPattern("(?m)^  load variant +\\d+ ms +JsonNode tree");
    assertThat(text).containsPattern("(?m)^  inventory heap +[0-9.]+ MiB");
    assertThat(text).containsPattern("(?m)^  peak heap +[0-9.]+ MiB");
    assertThat(text).containsPattern("(?m)^  jit +\\d+ ms ");
    for (String metric : new String[] {"derive", "evaluate", "report", "subjects", "evaluations", "evaluations/s", "rules", "whole run"}) {
      assertThat(text).as(metric).containsPattern("(?m)^  " + metric + " +\\S");
    }
    assertThat(code).isZero();
    assertThat(text).containsPattern("(?m)^  evaluations/s +[0-9,]+ ");
    assertThat(text).containsPattern("(?m)^  evaluations/s warm +[0-9,]+ ");
    assertThat(text).containsPattern("(?m)^  evaluate warm +\\d+ ms ");
    for (String stage : new String[] {"derive", "evaluate", "report"}) {
      assertThat(text).as(stage + " with its own GC time").containsPattern("(?m)^  " + stage + " +\\d+ ms .*\\d+ ms in GC");
    }
    assertThat(text).containsPattern("(?m)^  whole run +\\d+ ms wall  \\(run 1 of 2: ");
    assertThat(text).containsPattern("(?m)^  whole run +\\d+ ms wall  \\(run 2 of 2: ");
    var summary = java.util.regex.Pattern.compile("(?m)^  whole run +median (\\d+) ms wall of 2 runs \\((\\d+)-(\\d+) ms\\)$").matcher(text);
    assertThat(summary.find()).as("median line").isTrue();
    long median = Long.parseLong(summary.group(1));
    assertThat(median).isBetween(Long.parseLong(summary.group(2)), Long.parseLong(summary.group(3)));
    assertThat(Files.exists(dir.resolve("synth-v" + BenchCommand.SYNTH_FORMAT + "-50-s1.json"))).isTrue();
  }

  @Test
  void theLiveBenchmarkReadsTheScansOwnTimeNotTheWaitForIt() {
    // Both shapes --timings prints: the scan beside the rules' loading, and the scan on the main thread.
    assertThat(LiveBenchCommand.collectSeconds("timings: config 52 ms, rules (background) 329 ms, wait for rules 278 ms,"
        + " collect (background) 434 ms, wait for collect 156 ms, derive+evaluate 38 ms, total 647 ms")).isEqualTo(0.434);
    assertThat(LiveBenchCommand.collectSeconds("timings: config 52 ms, wait for rules 278 ms, collect 1210 ms, reports 9 ms"))
        .isEqualTo(1.21);
    assertThat(LiveBenchCommand.collectSeconds("timings: config 52 ms")).isNaN();
  }

  @Test
  void theMedianIsTheMiddleValueOrTheMeanOfTheMiddleTwo() {
    assertThat(BenchCommand.median(new long[] {7})).isEqualTo(7);
    assertThat(BenchCommand.median(new long[] {3, 9, 10})).isEqualTo(9);
    assertThat(BenchCommand.median(new long[] {3, 9, 11, 40})).isEqualTo(10);
  }

  @Test
  void refusesFewerThanOneWholeRun() {
    StringWriter err = new StringWriter();
    int code = LoadTools.run(new String[] {"bench", "--scales", "50", "--cache-dir", dir.toString(), "--whole-runs", "0"},
        new PrintWriter(new StringWriter()), new PrintWriter(err));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--whole-runs must be at least 1");
  }

  @Test
  void reusesACachedEstate() {
    String[] args = {"bench", "--scales", "50", "--cache-dir", dir.toString(), "--launcher", "none"};
    LoadTools.run(args, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    StringWriter out = new StringWriter();
    LoadTools.run(args, new PrintWriter(out), new PrintWriter(new StringWriter()));
    assertThat(out.toString()).contains("(cached, ").doesNotContain("whole run");
  }

  @Test
  void synthWritesTheRequestedFile() throws Exception {
    Path file = dir.resolve("estate.json");
    StringWriter out = new StringWriter();
    int code = LoadTools.run(new String[] {"synth", "--scale", "20", "--out", file.toString(), "--seed", "9"},
        new PrintWriter(out), new PrintWriter(new StringWriter()));
    assertThat(code).isZero();
    assertThat(out.toString()).startsWith("wrote " + file + ": scale 20, seed 9");
    assertThat(Files.size(file)).isPositive();
  }

  @Test
  void rejectsANonPositiveScale() {
    StringWriter err = new StringWriter();
    int code = LoadTools.run(new String[] {"synth", "--scale", "0", "--out", dir.resolve("x.json").toString()},
        new PrintWriter(new StringWriter()), new PrintWriter(err));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--scale must be at least 1");
    assertThat(Files.exists(dir.resolve("x.json"))).isFalse();
  }
}
