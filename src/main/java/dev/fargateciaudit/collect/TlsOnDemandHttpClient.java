package dev.fargateciaudit.collect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The SDK's URL-connection HTTP client, with its TLS context made on the first https request
 * rather than when the client is built. Making one (the trust store read, every certificate in it
 * parsed, the cipher suites set up) is a good part of a live audit's start-up CPU, and a scan of a
 * plain-http endpoint (an emulator, through {@code AWS_ENDPOINT_URL}) never needs it. An https
 * request goes through the SDK's own client, built with the same timeouts; a plain-http one through
 * the same client type with a connection that has those timeouts and no TLS. When a proxy is
 * configured (the SDK reads {@code http.proxyHost} and {@code HTTP_PROXY}) every request takes
 * the SDK's client, which applies it.
 */
final class TlsOnDemandHttpClient implements SdkHttpClient {
  private final Duration connectTimeout;
  private final Duration readTimeout;
  /** Null when a proxy is configured. */
  private final SdkHttpClient plain;
  private volatile SdkHttpClient tls;

  TlsOnDemandHttpClient(Duration connectTimeout, Duration readTimeout) {
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.plain = ProxyConfiguration.builder().build().host() == null ? UrlConnectionHttpClient.create(this::open) : null;
  }

  /** As the SDK's client opens a connection when no proxy is configured, without the TLS socket factory. */
  private HttpURLConnection open(URI uri) {
    try {
      HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
      c.setConnectTimeout(millis(connectTimeout));
      c.setReadTimeout(millis(readTimeout));
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    boolean https = "https".equalsIgnoreCase(request.httpRequest().protocol());
    return (https || plain == null ? tls() : plain).prepareRequest(request);
  }

  /** The client of https requests, built (with its TLS context) on first use. */
  SdkHttpClient tls() {
    SdkHttpClient c = tls;
    if (c == null) {
      synchronized (this) {
        c = tls;
        if (c == null) {
          c = UrlConnectionHttpClient.builder().connectionTimeout(connectTimeout).socketTimeout(readTimeout).build();
          tls = c;
        }
      }
    }
    return c;
  }

  /** Whether the TLS context has been made. */
  boolean tlsMade() {
    return tls != null;
  }

  @Override
  public String clientName() {
    return "UrlConnection";
  }

  /** Nothing to release: HttpURLConnection's keep-alive cache is the JVM's. */
  @Override
  public void close() {}
}
