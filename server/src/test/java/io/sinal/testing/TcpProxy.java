package io.sinal.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP relay between a browser and the server that a test can break the way networks break: {@link
 * #cut} closes every connection and refuses new ones (a network that is gone), {@link #blackHole}
 * stops forwarding on the open connections without closing them (a proxy or NAT that went silent),
 * while new connections still go through. Bound to 127.0.0.1, one thread per direction of each
 * connection.
 */
public final class TcpProxy implements Endpoint, AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final List<Pair> pairs = new CopyOnWriteArrayList<>();
  private volatile boolean refusing;

  public TcpProxy(int target) {
    this.target = target;
    try {
      listener = new ServerSocket(0, 200, InetAddress.getByName("127.0.0.1"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread accept = new Thread(this::accept, "tcp-proxy-" + listener.getLocalPort());
    accept.setDaemon(true);
    accept.start();
  }

  @Override
  public int port() {
    return listener.getLocalPort();
  }

  /** Closes every open connection and refuses new ones until {@link #restore}. */
  public void cut() {
    refusing = true;
    pairs.forEach(Pair::close);
  }

  public void restore() {
    refusing = false;
  }

  /** The open connections stop carrying bytes either way, and stay open; new ones work. */
  public void blackHole() {
    pairs.forEach(p -> p.silent = true);
  }

  /** Connections open now, for a test that waits for a client to come back. */
  public int open() {
    return (int) pairs.stream().filter(p -> !p.silent && !p.closed).count();
  }

  private void accept() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      if (refusing) {
        closeQuietly(client);
        continue;
      }
      try {
        Pair pair = new Pair(client, new Socket(InetAddress.getByName("127.0.0.1"), target));
        pairs.add(pair);
        pair.start();
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  @Override
  public void close() {
    closeQuietly(listener);
    pairs.forEach(Pair::close);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing is all that is left to do
    }
  }

  /** One relayed connection. */
  private final class Pair {
    final Socket client;
    final Socket server;
    final CountDownLatch ended = new CountDownLatch(1);
    volatile boolean silent;
    volatile boolean closed;

    Pair(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    void start() {
      pump(client, server, "up");
      pump(server, client, "down");
    }

    private void pump(Socket from, Socket to, String direction) {
      Thread t =
          new Thread(
              () -> {
                byte[] buffer = new byte[16384];
                try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                  for (int n; !silent && (n = in.read(buffer)) >= 0; ) {
                    if (silent) {
                      break; // what came after the black hole opened is dropped
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                  }
                  if (silent) {
                    ended
                        .await(); // a black hole keeps both sockets open and says nothing until the
                    // test ends
                  }
                } catch (IOException | InterruptedException e) {
                  // one side went away: so does the other
                } finally {
                  if (!silent) {
                    close();
                  }
                }
              },
              "tcp-proxy-" + direction);
      t.setDaemon(true);
      t.start();
    }

    void close() {
      closed = true;
      ended.countDown();
      pairs.remove(this);
      closeQuietly(client);
      closeQuietly(server);
    }
  }
}
