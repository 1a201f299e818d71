package dev.fargateciaudit.loadtools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requests moto_server itself received, from its recorder ({@code /moto-api/recorder/}), named
 * as IAM actions ({@code ecs:DescribeServices}): the service is the SigV4 credential scope's, the
 * operation the JSON protocols' {@code X-Amz-Target}, the query protocols' {@code Action}, or, for
 * EFS's REST protocol, its path. Retries are separate requests here, where the audit counts one call.
 */
final class MotoRecording {
  private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/[^/]+/([^/]+)/aws4_request");
  private static final Pattern ACTION = Pattern.compile("(?:^|[&?])Action=([A-Za-z0-9]+)");
  /** EFS (REST): the operations the collectors call, by method and path. */
  private static final Map<Pattern, String> EFS_PATHS = Map.of(
      Pattern.compile("GET /2015-02-01/file-systems"), "DescribeFileSystems",
      Pattern.compile("GET /2015-02-01/file-systems/[^/]+/policy"), "DescribeFileSystemPolicy",
      Pattern.compile("GET /2015-02-01/mount-targets"), "DescribeMountTargets",
      Pattern.compile("GET /2015-02-01/mount-targets/[^/]+/security-groups"), "DescribeMountTargetSecurityGroups",
      Pattern.compile("GET /2015-02-01/access-points"), "DescribeAccessPoints");

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
    Map<String, Long> counts = new TreeMap<>();
    for (String line : lines.split("\n")) {
      if (!line.isBlank()) counts.merge(action(Mappers.json().readTree(line)), 1L, Long::sum);
    }
    return counts;
  }

  static String action(JsonNode request) {
    String auth = header(request, "Authorization");
    Matcher scope = SCOPE.matcher(auth == null ? "" : auth);
    String service = scope.find() ? scope.group(1) : "unsigned";
    String target = header(request, "X-Amz-Target");
    if (target != null) return service + ":" + target.substring(target.lastIndexOf('.') + 1);
    URI url = URI.create(request.path("url").asText());
    String body = request.path("body").asText("");
    if (request.path("body_encoded").asBoolean()) body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
    for (String form : new String[] {body, url.getRawQuery() == null ? "" : url.getRawQuery()}) {
      Matcher m = ACTION.matcher(URLDecoder.decode(form, StandardCharsets.UTF_8));
      if (m.find()) return service + ":" + m.group(1);
    }
    String call = request.path("method").asText() + " " + url.getPath();
    for (Map.Entry<Pattern, String> e : EFS_PATHS.entrySet()) {
      if (e.getKey().matcher(call).matches()) return service + ":" + e.getValue();
    }
    return service + ":" + call;
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
