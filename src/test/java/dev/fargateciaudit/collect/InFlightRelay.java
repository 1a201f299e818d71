package dev.fargateciaudit.collect;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
      answer = RelayHop.forward(client, target, exchange, body);
    } catch (IOException | InterruptedException e) {
      answer = null;
    } finally {
      leave(bucket);
    }
    RelayHop.reply(exchange, answer);
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}
