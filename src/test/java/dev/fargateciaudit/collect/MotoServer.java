package dev.fargateciaudit.collect;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one real {@code moto_server} on 127.0.0.1 and a free port per test class
 * (AWS managed policies loaded), its state reset before every test ({@code POST /moto-api/reset}).
 * It points the SDK at moto the way a user would ({@code aws.endpointUrl}, the system-property
 * twin of {@code AWS_ENDPOINT_URL}) with static test credentials, and restores those properties
 * after the class. Register it as a static {@code @RegisterExtension} field.
 *
 */
public final class MotoServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {
  public static final String ACCESS_KEY = "AKIATESTTESTTESTTEST";
  public static final String SECRET_KEY = "test-secret-key";
  private static final String[] PROPERTIES = {"aws.endpointUrl", "aws.accessKeyId", "aws.secretAccessKey", "aws.region"};

  private final String[] extraEnv;
  private boolean resetEachTest = true;
  private Process process;
  private int port;
  private Path log;
  private final Map<String, String> saved = new java.util.HashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** @param env extra environment of the server process, {@code NAME=value} */
  public MotoServer(String... env) {
    this.extraEnv = env.clone();
  }

  /** Keeps moto's state between the tests of a class (they share one estate built in {@code @BeforeAll}). */
  public MotoServer keepStateBetweenTests() {
    resetEachTest = false;
    return this;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  /** Starts the server and points the SDK at it (what {@code beforeAll} does; for tools outside JUnit). */
  public void start() throws IOException, InterruptedException {
    port = freePort();
    log = Files.createTempFile("moto-", ".log");
    ProcessBuilder pb = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
    for (String kv : extraEnv) {
      int eq = kv.indexOf('=');
      pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    process = pb.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!ready()) {
      if (!process.isAlive()) throw new IllegalStateException("moto_server exited: " + Files.readString(log));
      if (System.nanoTime() > deadline) throw new IllegalStateException("moto_server did not start: " + Files.readString(log));
      Thread.sleep(200);
    }
    for (String p : PROPERTIES) saved.put(p, System.getProperty(p));
    useCredentials(ACCESS_KEY, SECRET_KEY);
    System.setProperty("aws.endpointUrl", endpoint());
    System.setProperty("aws.region", "eu-west-2");
  }

  /** Which credentials the next scan uses (the standard chain reads these system properties). */
  public static void useCredentials(String accessKey, String secretKey) {
    System.setProperty("aws.accessKeyId", accessKey);
    System.setProperty("aws.secretAccessKey", secretKey);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (resetEachTest) reset();
    useCredentials(ACCESS_KEY, SECRET_KEY);
    System.setProperty("aws.endpointUrl", endpoint());
  }

  public void reset() throws IOException, InterruptedException {
    http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/moto-api/reset"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
  }

  /** Restores the SDK's properties and stops the server (what {@code afterAll} does). */
  public void stop() throws InterruptedException {
    for (String p : PROPERTIES) {
      if (saved.get(p) == null) System.clearProperty(p); else System.setProperty(p, saved.get(p));
    }
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
    }
  }

  private boolean ready() {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/moto-api/")).GET().build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() < 500;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == MotoServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return this;
  }
}
