package dev.fargateciaudit.collect;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback stand-in for AWS that answers every request with a recorded response, so that a live
 * audit can run where there is no account and no emulator: the launcher's class-archive training
 * ({@code cli.ArchiveTraining}) runs one against it so the SDK's classes are archived too. It is
 * not an emulator: a request is matched to a recorded one by action and, when several were
 * recorded, by its exact text; anything else gets the action's first response, or a 400.
 */
public final class ReplayedAws implements AutoCloseable {
  /** One recorded request and its response; {@code request} is {@link #requestText}'s form. */
  public record Exchange(String action, String request, int status, String contentType, String body) {}

  /** A recorded live audit: its config files and what AWS answered. */
  public record Recording(String auditYml, String runnerToml, List<Exchange> exchanges) {}

  private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/[^/]+/([^/]+)/aws4_request");
  private static final Pattern ACTION = Pattern.compile("(?:^|&)Action=([A-Za-z0-9]+)");
  /** EFS speaks REST: its operations the collectors call, by method and path. */
  private static final Map<Pattern, String> EFS_PATHS = Map.of(
      Pattern.compile("GET /2015-02-01/file-systems"), "DescribeFileSystems",
      Pattern.compile("GET /2015-02-01/file-systems/[^/]+/policy"), "DescribeFileSystemPolicy",
      Pattern.compile("GET /2015-02-01/mount-targets"), "DescribeMountTargets",
      Pattern.compile("GET /2015-02-01/mount-targets/[^/]+/security-groups"), "DescribeMountTargetSecurityGroups",
      Pattern.compile("GET /2015-02-01/access-points"), "DescribeAccessPoints");

  private final HttpServer server;
  private final Map<String, List<Exchange>> byAction = new LinkedHashMap<>();

  private ReplayedAws(Recording recording) throws IOException {
    for (Exchange e : recording.exchanges()) {
      byAction.computeIfAbsent(e.action(), k -> new java.util.ArrayList<>()).add(e);
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  /** Serves {@code recording} on 127.0.0.1 and a free port until closed. */
  public static ReplayedAws serve(Recording recording) throws IOException {
    return new ReplayedAws(recording);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void answer(HttpExchange http) throws IOException {
    try (http; InputStream in = http.getRequestBody()) {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String action = action(http.getRequestMethod(), http.getRequestURI(), http.getRequestHeaders().getFirst("Authorization"),
          http.getRequestHeaders().getFirst("X-Amz-Target"), body);
      String text = requestText(http.getRequestMethod(), http.getRequestURI(), body);
      List<Exchange> candidates = byAction.getOrDefault(action, List.of());
      Exchange e = candidates.stream().filter(c -> c.request().equals(text)).findFirst()
          .orElse(candidates.isEmpty() ? null : candidates.get(0));
      byte[] out = (e == null ? "{\"__type\":\"NotRecorded\",\"message\":\"no recorded answer to " + action + "\"}" : e.body())
          .getBytes(StandardCharsets.UTF_8);
      http.getResponseHeaders().set("Content-Type", e == null ? "application/x-amz-json-1.1" : e.contentType());
      http.sendResponseHeaders(e == null ? 400 : e.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) http.getResponseBody().write(out);
    }
  }

  /**
   * The IAM action a request to AWS calls ({@code ecs:DescribeServices}): the service is the SigV4
   * credential scope's, the operation the JSON protocols' {@code X-Amz-Target}, the query protocols'
   * {@code Action}, or for EFS's REST protocol its method and path.
   */
  public static String action(String method, URI uri, String authorization, String target, String body) {
    Matcher scope = SCOPE.matcher(authorization == null ? "" : authorization);
    String service = scope.find() ? scope.group(1) : "unsigned";
    if (target != null) return service + ":" + target.substring(target.lastIndexOf('.') + 1);
    for (String form : new String[] {body, uri.getRawQuery() == null ? "" : uri.getRawQuery()}) {
      Matcher m = ACTION.matcher(URLDecoder.decode(form, StandardCharsets.UTF_8));
      if (m.find()) return service + ":" + m.group(1);
    }
    String call = method + " " + uri.getPath();
    for (Map.Entry<Pattern, String> e : EFS_PATHS.entrySet()) {
      if (e.getKey().matcher(call).matches()) return service + ":" + e.getValue();
    }
    return service + ":" + call;
  }

  /** What tells two requests of one action apart: method, path, query and body. */
  public static String requestText(String method, URI uri, String body) {
    return method + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + "\n" + body;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
