package dev.fargateciaudit.collect;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP relay on loopback in front of moto that holds each request {@code holdMillis} and counts
 * the requests in flight per throttling bucket, the service and region of the request's SigV4
 * credential scope ({@code Credential=KEY/DATE/REGION/SERVICE/aws4_request}). A request counts from
 * its arrival until just before its answer goes back, so the counts never exceed what the client
 * had in flight. {@link #snapshots} lists the counts as each request arrived.
 */
final class InFlightRelay implements AutoCloseable {
  private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/([^/]+)/([^/]+)/aws4_request");
  /** Headers the JDK's client sets itself (and refuses), or that describe the hop, not the request. */
  private static final Set<String> HOP = Set.of("host", "content-length", "connection", "expect", "upgrade",
      "transfer-encoding", "keep-alive");

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "in-flight-relay");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI target;
  private final long holdMillis;
  private final Map<String, Integer> inFlight = new HashMap<>();
  private final List<Map<String, Integer>> snapshots = new ArrayList<>();

  InFlightRelay(String targetEndpoint, long holdMillis) throws IOException {
    this.target = URI.create(targetEndpoint);
    this.holdMillis = holdMillis;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
    server.setExecutor(handlers);
    server.createContext("/", this::relay);
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The counts in flight per bucket ({@code "ecs eu-west-2"}) as each request arrived, itself included. */
  synchronized List<Map<String, Integer>> snapshots() {
    return List.copyOf(snapshots);
  }

  /** The most requests each bucket had in flight at once. */
  synchronized Map<String, Integer> peaks() {
    Map<String, Integer> peaks = new HashMap<>();
    for (Map<String, Integer> s : snapshots) s.forEach((k, v) -> peaks.merge(k, v, Math::max));
    return peaks;
  }

  static String bucket(String authorization) {
    Matcher m = authorization == null ? null : SCOPE.matcher(authorization);
    return m != null && m.find() ? m.group(2) + " " + m.group(1) : "unsigned";
  }

  private synchronized void arrive(String bucket) {
    inFlight.merge(bucket, 1, Integer::sum);
    snapshots.add(Map.copyOf(inFlight));
  }

  private synchronized void leave(String bucket) {
    inFlight.merge(bucket, -1, Integer::sum);
  }

  private void relay(HttpExchange exchange) throws IOException {
    String bucket = bucket(exchange.getRequestHeaders().getFirst("Authorization"));
    arrive(bucket);
    HttpResponse<byte[]> answer = null;
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      Thread.sleep(holdMillis);
      HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()))
          .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!HOP.contains(name.toLowerCase())) values.forEach(v -> request.header(name, v));
      });
      answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException | InterruptedException e) {
      answer = null;
    } finally {
      leave(bucket);
    }
    try (OutputStream out = exchange.getResponseBody()) {
      if (answer == null) {
        exchange.sendResponseHeaders(502, -1);
        return;
      }
      answer.headers().map().forEach((name, values) -> {
        if (!HOP.contains(name.toLowerCase())) exchange.getResponseHeaders().put(name, values);
      });
      byte[] body = answer.body();
      boolean empty = body.length == 0 || exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(answer.statusCode(), empty ? -1 : body.length);
      if (!empty) out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}
