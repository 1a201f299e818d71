package dev.fargateciaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.collect.ReplayedAws;
import dev.fargateciaudit.input.Mappers;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's live training replays a recording that still answers every call the collectors
 * make: the replayed audit collects with no error and makes exactly the recorded calls. When the
 * collectors change what they call, this fails until the recording is made again
 * ({@code scripts/load-tools record-training}).
 */
class ArchiveTrainingTest {
  @Test
  void theReplayedLiveAuditMakesExactlyTheRecordedCallsWithNoError(@TempDir Path work) throws Exception {
    StringWriter err = new StringWriter();
    int exit = ArchiveTraining.live(work, new PrintWriter(new StringWriter()), new PrintWriter(err));

    assertThat(exit).as("stderr: %s", err).isZero();
    JsonNode findings = Mappers.json().readTree(work.resolve("live/reports/findings.json").toFile());
    assertThat(findings.path("collectionErrors")).as("calls the recording does not answer").isEmpty();
    Map<String, Long> made = new TreeMap<>();
    findings.path("meta").path("apiCalls").fields().forEachRemaining(e -> made.put(e.getKey(), e.getValue().asLong()));
    Map<String, Long> recorded = new TreeMap<>();
    try (InputStream in = ArchiveTraining.class.getResourceAsStream(ArchiveTraining.RECORDING)) {
      Mappers.json().readValue(in, ReplayedAws.Recording.class).exchanges()
          .forEach(x -> recorded.merge(x.action(), 1L, Long::sum));
    }
    assertThat(made).isEqualTo(recorded);
    assertThat(System.getProperty("aws.endpointUrl")).as("the replay's endpoint is not left behind").isNull();
  }
}
