package dev.fargateciaudit.collect;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;

/** The hop of the test relays in front of moto: a held request passed on, and moto's answer passed back. */
final class RelayHop {
  /** Headers the JDK's client sets itself (and refuses), or that describe the hop, not the request. */
  private static final Set<String> HOP = Set.of("host", "content-length", "connection", "expect", "upgrade",
      "transfer-encoding", "keep-alive");

  private RelayHop() {}

  /** Sends the request {@code exchange} received (its {@code body} already read) to {@code target}. */
  static HttpResponse<byte[]> forward(HttpClient client, URI target, HttpExchange exchange, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()))
        .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!HOP.contains(name.toLowerCase())) values.forEach(v -> request.header(name, v));
    });
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Answers {@code exchange} with {@code answer}, or 502 when there is none (moto could not be reached). */
  static void reply(HttpExchange exchange, HttpResponse<byte[]> answer) throws IOException {
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
}
