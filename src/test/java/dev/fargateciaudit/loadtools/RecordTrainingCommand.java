package dev.fargateciaudit.loadtools;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fargateciaudit.cli.Main;
import dev.fargateciaudit.collect.MotoExampleEstate;
import dev.fargateciaudit.collect.MotoServer;
import dev.fargateciaudit.collect.ReplayedAws;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Records the live audit the launcher's class-archive training replays ({@code cli.ArchiveTraining},
 * {@code collect.ReplayedAws}): builds the training estate in moto, audits it live in-process
 * through a recording proxy, and writes the config and every exchange. Run it again whenever the
 * collectors call something new ({@code ArchiveTrainingTest} fails until then).
 */
@Command(name = "record-training", mixinStandardHelpOptions = true,
    description = "Records the live audit the launcher's class-archive training replays (needs moto_server).")
public final class RecordTrainingCommand implements Callable<Integer> {
  /** Hop-by-hop or computed headers that must not be copied onto the forwarded request. */
  private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect", "upgrade",
      "transfer-encoding");

  @Spec CommandSpec spec;

  @Option(names = "--out", defaultValue = "src/main/resources/training/live-audit.json", paramLabel = "FILE",
      description = "Where the recording goes (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    MotoServer moto = new MotoServer();
    moto.start();
    Path dir = Files.createTempDirectory("fca-training-");
    HttpServer proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    try {
      Path config = MotoExampleEstate.training(moto.endpoint(), dir);
      List<ReplayedAws.Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      proxy.createContext("/", x -> forward(x, http, moto.endpoint(), exchanges));
      proxy.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
      proxy.start();
      System.setProperty("aws.endpointUrl", "http://127.0.0.1:" + proxy.getAddress().getPort());
      StringWriter err = new StringWriter();
      int exit = Main.run(new String[] {"audit", "--live", "--config", config.toString(), "--out", dir.resolve("reports").toString(),
          "--quiet", "--fail-on", "never"}, new PrintWriter(new StringWriter()), new PrintWriter(err));
      JsonNode errors = Mappers.json().readTree(dir.resolve("reports/findings.json").toFile()).path("collectionErrors");
      if (exit != 0 || !errors.isEmpty()) {
        throw new IllegalStateException("the recorded audit must succeed with no collection error: exit " + exit + ", "
            + errors + ", " + err);
      }
      List<ReplayedAws.Exchange> sorted = new ArrayList<>(exchanges);
      sorted.sort(java.util.Comparator.comparing(ReplayedAws.Exchange::action).thenComparing(ReplayedAws.Exchange::request));
      ReplayedAws.Recording recording = new ReplayedAws.Recording(Files.readString(config),
          Files.readString(dir.resolve("fargate.toml")), sorted);
      Files.createDirectories(out.toAbsolutePath().getParent());
      Mappers.json().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), recording);
      spec.commandLine().getOut().printf("record-training: %d exchanges, %d actions -> %s%n", sorted.size(),
          sorted.stream().map(ReplayedAws.Exchange::action).distinct().count(), out);
      return 0;
    } finally {
      proxy.stop(0);
      moto.stop();
    }
  }

  private static void forward(HttpExchange x, HttpClient http, String moto, List<ReplayedAws.Exchange> exchanges)
      throws IOException {
    try (x) {
      byte[] body = x.getRequestBody().readAllBytes();
      URI uri = x.getRequestURI();
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(moto + uri.getRawPath()
              + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
          .method(x.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      x.getRequestHeaders().forEach((name, values) -> {
        if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) values.forEach(v -> request.header(name, v));
      });
      HttpResponse<byte[]> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      String text = new String(body, StandardCharsets.UTF_8);
      String contentType = response.headers().firstValue("Content-Type").orElse("text/xml");
      exchanges.add(new ReplayedAws.Exchange(
          ReplayedAws.action(x.getRequestMethod(), uri, x.getRequestHeaders().getFirst("Authorization"),
              x.getRequestHeaders().getFirst("X-Amz-Target"), text),
          ReplayedAws.requestText(x.getRequestMethod(), uri, text), response.statusCode(), contentType,
          new String(response.body(), StandardCharsets.UTF_8)));
      x.getResponseHeaders().set("Content-Type", contentType);
      x.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
      if (response.body().length > 0) x.getResponseBody().write(response.body());
    }
  }
}
