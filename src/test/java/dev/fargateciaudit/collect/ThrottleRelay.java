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
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP relay on loopback in front of moto that throttles as AWS does: each request takes a token
 * from the bucket {@code bucketOf} names for its operation ({@code ecs:DescribeTaskDefinition}), and
 * one that finds the bucket empty is answered with the service's throttling error instead of being
 * passed on. A bucket holds at most {@link Bucket#burst} tokens and gains {@link Bucket#refill} a
 * second; an operation with no bucket is never throttled. {@link #throttled} counts the refusals.
 */
final class ThrottleRelay implements AutoCloseable {
  /** A token bucket's size (the burst) and refill rate (the sustained rate, per second). */
  record Bucket(String name, int burst, double refill) {}

  private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/([^/]+)/([^/]+)/aws4_request");
  private static final Pattern ACTION = Pattern.compile("(?:^|&)Action=(\\w+)");

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "throttle-relay");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI target;
  private final Function<String, Bucket> bucketOf;
  private final Map<String, Tokens> tokens = new ConcurrentHashMap<>();
  private final Map<String, Integer> throttled = new TreeMap<>();

  ThrottleRelay(String targetEndpoint, Function<String, Bucket> bucketOf) throws IOException {
    this.target = URI.create(targetEndpoint);
    this.bucketOf = bucketOf;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
    server.setExecutor(handlers);
    server.createContext("/", this::relay);
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests refused, by bucket and region ({@code iam aws-global}). */
  synchronized Map<String, Integer> throttled() {
    return Map.copyOf(throttled);
  }

  private void relay(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    Matcher scope = SCOPE.matcher(auth == null ? "" : auth);
    boolean signed = scope.find();
    String region = signed ? scope.group(1) : "unsigned";
    String service = signed ? scope.group(2) : "unsigned";
    Bucket bucket = bucketOf.apply(service + ":" + operation(exchange, body));
    if (bucket != null && !tokens.computeIfAbsent(bucket.name() + " " + region, k -> new Tokens(bucket)).take()) {
      synchronized (this) {
        throttled.merge(bucket.name() + " " + region, 1, Integer::sum);
      }
      refuse(exchange, service);
      return;
    }
    HttpResponse<byte[]> answer;
    try {
      answer = RelayHop.forward(client, target, exchange, body);
    } catch (IOException | InterruptedException e) {
      answer = null;
    }
    RelayHop.reply(exchange, answer);
  }

  private static String operation(HttpExchange exchange, byte[] body) {
    String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if (amzTarget != null) return amzTarget.substring(amzTarget.indexOf('.') + 1);
    Matcher action = ACTION.matcher(new String(body, StandardCharsets.UTF_8));
    return action.find() ? action.group(1) : exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
  }

  /** The service's own throttling answer: ECS's JSON ThrottlingException, EC2's RequestLimitExceeded, IAM's Throttling. */
  private static void refuse(HttpExchange exchange, String service) throws IOException {
    int status;
    String type;
    String body;
    switch (service) {
      case "ecs" -> {
        status = 400;
        type = "application/x-amz-json-1.1";
        body = "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}";
      }
      case "ec2" -> {
        status = 503;
        type = "text/xml";
        body = "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message>"
            + "</Error></Errors><RequestID>throttled</RequestID></Response>";
      }
      default -> {
        status = 400;
        type = "text/xml";
        body = "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message>"
            + "</Error><RequestId>throttled</RequestId></ErrorResponse>";
      }
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }

  /** One bucket's tokens, refilled continuously at its rate up to its burst. */
  private static final class Tokens {
    private final Bucket bucket;
    private double available;
    private long last = System.nanoTime();

    Tokens(Bucket bucket) {
      this.bucket = bucket;
      this.available = bucket.burst();
    }

    synchronized boolean take() {
      long now = System.nanoTime();
      available = Math.min(bucket.burst(), available + (now - last) / 1e9 * bucket.refill());
      last = now;
      if (available < 1) return false;
      available -= 1;
      return true;
    }
  }
}
