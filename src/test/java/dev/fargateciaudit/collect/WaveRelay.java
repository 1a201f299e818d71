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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP relay on loopback in front of moto that answers requests in waves, to measure the depth
 * of a scan's chain of dependent calls: it holds every request that arrives, and once every answer
 * of the last wave is back with the client and no request has arrived for {@code quietMillis}, it
 * lets the held ones through together and starts the next wave. A request can only be sent once the
 * answers it needs are back, so the number of waves is the number of calls on the longest chain,
 * provided the client sends what an answer enables within {@code quietMillis} of receiving it. The
 * quiet time counts from the last answer, not from the release: moto answers on one thread, and a
 * slow answer must not close its wave before what it enables is sent (a shorter quiet time could only
 * split a wave, never merge two). {@link #waves} lists the operations of each wave.
 */
final class WaveRelay implements AutoCloseable {
  private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/[^/]+/([^/]+)/aws4_request");
  private static final Pattern ACTION = Pattern.compile("(?:^|&)Action=(\\w+)");

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "wave-relay");
    t.setDaemon(true);
    return t;
  });
  private final Thread closer;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI target;
  private final long quietMillis;
  private final List<List<String>> waves = new ArrayList<>();
  private List<String> open = new ArrayList<>();
  private CountDownLatch release = new CountDownLatch(1);
  /** When the last request arrived or the last answer went back, whichever is later. */
  private long lastActivity;
  /** Requests let through whose answer has not gone back yet. */
  private int answering;

  WaveRelay(String targetEndpoint, long quietMillis) throws IOException {
    this.target = URI.create(targetEndpoint);
    this.quietMillis = quietMillis;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
    server.setExecutor(handlers);
    server.createContext("/", this::relay);
    server.start();
    closer = new Thread(this::closeWaves, "wave-relay-closer");
    closer.setDaemon(true);
    closer.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The operations ({@code iam:GetRole}; EFS's as method and path) of each wave released so far. */
  synchronized List<List<String>> waves() {
    return waves.stream().map(List::copyOf).toList();
  }

  /** Each operation's waves, for a readable report: {@code iam:GetRole=[1, 2]}. */
  synchronized Map<String, List<Integer>> wavesByOperation() {
    Map<String, List<Integer>> out = new TreeMap<>();
    for (int i = 0; i < waves.size(); i++) {
      for (String op : waves.get(i)) {
        List<Integer> at = out.computeIfAbsent(op, k -> new ArrayList<>());
        if (!at.contains(i + 1)) at.add(i + 1);
      }
    }
    return out;
  }

  private void closeWaves() {
    try {
      while (true) {
        Thread.sleep(Math.max(10, quietMillis / 10));
        synchronized (this) {
          if (open.isEmpty() || answering > 0 || System.nanoTime() - lastActivity < quietMillis * 1_000_000) continue;
          answering = open.size();
          waves.add(open);
          open = new ArrayList<>();
          release.countDown();
          release = new CountDownLatch(1);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String operation(HttpExchange exchange, byte[] body) {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    Matcher scope = auth == null ? null : SCOPE.matcher(auth);
    String service = scope != null && scope.find() ? scope.group(1) : "unsigned";
    String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if (amzTarget != null) return service + ":" + amzTarget.substring(amzTarget.indexOf('.') + 1);
    Matcher action = ACTION.matcher(new String(body, StandardCharsets.UTF_8));
    if (action.find()) return service + ":" + action.group(1);
    String path = exchange.getRequestURI().getPath().replaceAll("/fs-[0-9a-f]+|/fsmt-[0-9a-f]+", "/ID");
    return service + ":" + exchange.getRequestMethod() + " " + path;
  }

  private void relay(HttpExchange exchange) throws IOException {
    HttpResponse<byte[]> answer;
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
      CountDownLatch wave;
      synchronized (this) {
        open.add(operation(exchange, body));
        lastActivity = System.nanoTime();
        wave = release;
      }
      wave.await();
    } catch (IOException | InterruptedException e) {
      RelayHop.reply(exchange, null);
      return;
    }
    try {
      answer = RelayHop.forward(client, target, exchange, body);
    } catch (IOException | InterruptedException e) {
      answer = null;
    }
    try {
      RelayHop.reply(exchange, answer);
    } finally {
      synchronized (this) {
        answering--;
        lastActivity = System.nanoTime();
      }
    }
  }

  @Override
  public void close() {
    closer.interrupt();
    server.stop(0);
    handlers.shutdownNow();
  }
}
