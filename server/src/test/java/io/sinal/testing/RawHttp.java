package io.sinal.testing;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 written and read by hand on a plain socket, for what an HTTP client will not send: any
 * Host header, malformed URIs, half a request, a body trickled byte by byte.
 */
public final class RawHttp implements AutoCloseable {
  /** The headers that make a GET a WebSocket upgrade, for {@link #get}'s {@code extraHeaders}. */
  public static final String WEBSOCKET_UPGRADE =
      "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    socket.setSoTimeout(10_000);
  }

  public static RawHttp connect(Endpoint sinal) {
    try {
      return new RawHttp(new Socket("127.0.0.1", sinal.port()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A connection from {@code localAddress} (say 127.0.0.2, any address of the loopback network):
   * another client, as the server sees its address. The JDK's HttpClient cannot bind one.
   */
  public static RawHttp connectFrom(Endpoint sinal, String localAddress) {
    try {
      Socket socket = new Socket();
      socket.bind(new InetSocketAddress(localAddress, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", sinal.port()), 5000);
      return new RawHttp(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One request on a fresh connection and its answer: {@code GET path} with {@code extraHeaders}
   * ("Name: value\r\n" each).
   */
  public static Response get(
      Endpoint sinal, String host, String pathAndQuery, String extraHeaders) {
    return request(sinal, "GET", host, pathAndQuery, extraHeaders);
  }

  /** As {@link #get}, with another method. */
  public static Response request(
      Endpoint sinal, String method, String host, String pathAndQuery, String extraHeaders) {
    try (RawHttp http = connect(sinal)) {
      http.send(
          method
              + " "
              + pathAndQuery
              + " HTTP/1.1\r\nHost: "
              + host
              + "\r\n"
              + extraHeaders
              + "Connection: close\r\n\r\n");
      return http.read();
    }
  }

  public RawHttp send(String text) {
    return send(text.getBytes(StandardCharsets.UTF_8));
  }

  public RawHttp send(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sends {@code bytes} in pieces of {@code chunk} bytes, one every {@code everyMillis}, from
   * another thread; stops quietly when the server has closed the connection. Cancel the returned
   * future to stop.
   */
  public ScheduledFuture<?> trickle(byte[] bytes, int chunk, long everyMillis) {
    int[] sent = {0};
    ScheduledExecutorService pacer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "raw-http-trickle");
              t.setDaemon(true);
              return t;
            });
    return pacer.scheduleAtFixedRate(
        () -> {
          if (sent[0] >= bytes.length) {
            pacer.shutdown();
            return;
          }
          int n = Math.min(chunk, bytes.length - sent[0]);
          try {
            out.write(bytes, sent[0], n);
            out.flush();
            sent[0] += n;
          } catch (IOException e) {
            pacer.shutdown();
          }
        },
        0,
        everyMillis,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Reads one response: status line, headers, and a body of Content-Length bytes (or up to the
   * close).
   */
  public Response read() {
    try {
      String status = line();
      if (status == null) {
        throw new IllegalStateException("the server closed the connection without an answer");
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line = line(); line != null && !line.isEmpty(); line = line()) {
        int colon = line.indexOf(':');
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      String length = headers.get("content-length");
      if (length != null) {
        body.write(in.readNBytes(Integer.parseInt(length)));
      } else if (!status.contains(" 101 ")
          && !headers.getOrDefault("content-type", "").startsWith("text/event-stream")) {
        in.transferTo(body);
      }
      return new Response(
          Integer.parseInt(status.split(" ")[1]), headers, body.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the server sends from here until {@code marker} has come (within the socket timeout). */
  public String readUntil(String marker) {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    try {
      while (!seen.toString(StandardCharsets.UTF_8).contains(marker)) {
        int b = in.read();
        if (b < 0) {
          throw new IllegalStateException(
              "the connection ended before '"
                  + marker
                  + "': "
                  + seen.toString(StandardCharsets.UTF_8));
        }
        seen.write(b);
      }
      return seen.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whatever the server still sends until it closes the connection (within the socket timeout). */
  public String rest() {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * True once the server closed the connection (end of stream or reset) within the socket timeout.
   */
  public boolean closedByServer() {
    try {
      while (true) {
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /** Waits at most {@code millis} for each read from now on. */
  public RawHttp readTimeout(int millis) {
    try {
      socket.setSoTimeout(millis);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a socket the server already closed
    }
  }

  /** A response as read off the wire; header names in lower case. */
  public record Response(int status, Map<String, String> headers, String body) {
    /** A header's value by its name in any case, or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public JsonObject json() {
      return new JsonObject(body);
    }

    /** The {@code error.code} of a JSON error body. */
    public int errorCode() {
      return json().getJsonObject("error").getInteger("code");
    }
  }
}
