package io.sinal.apps.uploads;

import io.sinal.testing.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay in front of a server that counts what crosses the wire, headers, handshakes and
 * framing included: the figures in docs/apps/uploads.md come from it, not from guesses.
 */
final class CountingProxy implements Endpoint, AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final AtomicLong up = new AtomicLong();
  private final AtomicLong down = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();

  CountingProxy(int target) {
    this.target = target;
    try {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread accept = new Thread(this::accept, "counting-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        connections.incrementAndGet();
        relay(client, server, up);
        relay(server, client, down);
      } catch (IOException e) {
        // closed
      }
    }
  }

  private static void relay(Socket from, Socket to, AtomicLong counter) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16384];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                  counter.addAndGet(n);
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // one side closed
              } finally {
                try {
                  from.close();
                  to.close();
                } catch (IOException ignored) {
                  // already closed
                }
              }
            },
            "counting-proxy-relay");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public int port() {
    return listener.getLocalPort();
  }

  /**
   * Bytes sent by clients, bytes sent back, TCP connections opened; then starts counting afresh.
   */
  long[] takeCounts() {
    return new long[] {up.getAndSet(0), down.getAndSet(0), connections.getAndSet(0)};
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
