package dev.fargateciaudit.loadtools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.fargateciaudit.collect.ReplayedAws;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The requests moto_server itself received, from its recorder ({@code /moto-api/recorder/}), named
 * as IAM actions ({@code ecs:DescribeServices}) by {@link ReplayedAws#action}. Retries are separate
 * requests here, where the audit counts one call.
 */
final class MotoRecording {
  private final String endpoint;
  private final HttpClient http = HttpClient.newHttpClient();

  MotoRecording(String motoEndpoint) {
    this.endpoint = motoEndpoint;
  }

  /** Empties the recording and records from now on. */
  void restart() throws IOException, InterruptedException {
    post("reset-recording");
    post("start-recording");
  }

  /** Stops recording and returns the requests received since {@link #restart}, counted by action. */
  Map<String, Long> stop() throws IOException, InterruptedException {
    post("stop-recording");
    String lines = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/moto-api/recorder/download-recording")).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return counts(lines);
  }

  /**
   * A recording's requests counted by action. One JSON object a request, but not always one a line:
   * moto appends an entry and its newline in two writes, so requests answered together can leave two
   * objects on one line. Read values, not lines.
   */
  static Map<String, Long> counts(String recording) throws IOException {
    Map<String, Long> counts = new TreeMap<>();
    try (MappingIterator<JsonNode> entries = Mappers.json().readerFor(JsonNode.class).readValues(recording)) {
      while (entries.hasNextValue()) counts.merge(action(entries.nextValue()), 1L, Long::sum);
    }
    return counts;
  }

  static String action(JsonNode request) {
    String body = request.path("body").asText("");
    if (request.path("body_encoded").asBoolean()) body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
    return ReplayedAws.action(request.path("method").asText(), URI.create(request.path("url").asText()),
        header(request, "Authorization"), header(request, "X-Amz-Target"), body);
  }

  private static String header(JsonNode request, String name) {
    for (Iterator<Map.Entry<String, JsonNode>> it = request.path("headers").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> h = it.next();
      if (h.getKey().equalsIgnoreCase(name)) return h.getValue().asText();
    }
    return null;
  }

  private void post(String what) throws IOException, InterruptedException {
    http.send(HttpRequest.newBuilder(URI.create(endpoint + "/moto-api/recorder/" + what))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
  }
}
