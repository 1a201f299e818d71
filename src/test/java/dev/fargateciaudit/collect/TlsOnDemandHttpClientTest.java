package dev.fargateciaudit.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/** A plain-http endpoint (an emulator) is reached with no TLS context made; an https one through the SDK's own client. */
class TlsOnDemandHttpClientTest {
  private static HttpExecuteRequest get(URI uri) {
    return HttpExecuteRequest.builder().request(SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.GET).build()).build();
  }

  @Test
  void aPlainHttpRequestIsAnsweredWithNoTlsContextMade() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = "<GetCallerIdentityResponse/>".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      TlsOnDemandHttpClient client = new TlsOnDemandHttpClient(Duration.ofSeconds(5), Duration.ofSeconds(5));
      HttpExecuteResponse response = client.prepareRequest(get(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))).call();

      assertThat(response.httpResponse().statusCode()).isEqualTo(200);
      assertThat(new String(response.responseBody().orElseThrow().readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("<GetCallerIdentityResponse/>");
      assertThat(client.tlsMade()).isFalse();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void anHttpsRequestMakesTheTlsContextOnce() {
    TlsOnDemandHttpClient client = new TlsOnDemandHttpClient(Duration.ofSeconds(5), Duration.ofSeconds(5));
    assertThat(client.tlsMade()).isFalse();

    client.prepareRequest(get(URI.create("https://127.0.0.1:9/")));

    assertThat(client.tlsMade()).isTrue();
    assertThat(client.tls()).isSameAs(client.tls());
  }

  @Test
  void aPlainHttpRequestKeepsTheReadTimeout() throws IOException {
    // A server that accepts every connection and never answers (HttpURLConnection retries a GET once).
    try (ServerSocket silent = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new CopyOnWriteArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) held.add(silent.accept());
        } catch (IOException e) {
          // the server socket is closed: the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      TlsOnDemandHttpClient client = new TlsOnDemandHttpClient(Duration.ofSeconds(5), Duration.ofMillis(200));
      URI uri = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/");

      // Without the read timeout the call would wait forever: the guard turns that into a failure.
      assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() -> client.prepareRequest(get(uri)).call())
          .isInstanceOf(SocketTimeoutException.class));
      assertThat(client.tlsMade()).isFalse();
      for (Socket s : held) s.close();
    }
  }
}
