package dev.fargateciaudit.loadtools;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A loopback TCP relay in front of the emulator that notes when the first connection of a run
 * arrives: the moment the audit's first AWS call leaves, seen from outside the audited process, and
 * the CPU time the audited process had used by then.
 * Bytes pass through untouched (no HTTP parsing), so it adds no more than a local hop, unless
 * given a latency: then each request (bytes from the client after a pause of more than
 * {@value #PAUSE_MILLIS} ms on its connection, so a body written after its headers is not held twice)
 * is held that long before it goes on, as a distant endpoint would. With a latency much longer than
 * the emulator's own answers, a collection takes about the depth of its chain of dependent calls
 * times the latency.
 */
final class FirstConnectionRelay implements AutoCloseable {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private final ServerSocket server;
  private final int targetPort;
  private static final long PAUSE_MILLIS = 5;
  private final AtomicLong firstNanos = new AtomicLong();
  private final AtomicReference<Supplier<Duration>> cpuProbe = new AtomicReference<>(() -> null);
  private final AtomicReference<Duration> firstCpu = new AtomicReference<>();
  private final long latencyMillis;

  FirstConnectionRelay(int targetPort) throws IOException {
    this(targetPort, 0);
  }

  FirstConnectionRelay(int targetPort, long latencyMillis) throws IOException {
    this.targetPort = targetPort;
    this.latencyMillis = latencyMillis;
    this.server = new ServerSocket(0, 50, LOOPBACK);
    daemon(this::acceptLoop, "relay-accept").start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Forgets the previous run's first connection; at the next one, notes what {@code cpu} (the audited process's CPU time) says. */
  void reset(Supplier<Duration> cpu) {
    firstNanos.set(0);
    firstCpu.set(null);
    cpuProbe.set(cpu);
  }

  /** The audited process's CPU time at the first connection since {@link #reset}, or null when unknown. */
  Duration cpuAtFirstConnection() {
    return firstCpu.get();
  }

  /** {@link System#nanoTime} of the first connection since {@link #reset}, or 0 when none came. */
  long firstConnectionNanos() {
    return firstNanos.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (firstNanos.compareAndSet(0, System.nanoTime())) firstCpu.set(cpuProbe.get().get());
        Socket upstream = new Socket(LOOPBACK, targetPort);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        daemon(() -> pump(client, upstream, latencyMillis), "relay-up").start();
        daemon(() -> pump(upstream, client, 0), "relay-down").start();
      } catch (IOException e) {
        if (!server.isClosed()) System.err.println("relay: " + e);
      }
    }
  }

  /** Copies until either side closes, then closes both; holds what follows a pause {@code latencyMillis}. */
  private static void pump(Socket from, Socket to, long latencyMillis) {
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      byte[] buffer = new byte[16 * 1024];
      long last = 0;
      for (int n; (n = in.read(buffer)) >= 0; ) {
        long now = System.nanoTime();
        if (latencyMillis > 0 && (last == 0 || now - last > PAUSE_MILLIS * 1_000_000)) Thread.sleep(latencyMillis);
        last = System.nanoTime();
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // A side closed (or the relay stops): the connection is over.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
