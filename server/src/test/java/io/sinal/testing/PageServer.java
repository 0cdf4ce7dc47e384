package io.sinal.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Another web site: a small HTTP server on its own loopback address (127.0.0.2, …), so its pages
 * are of another origin than the Sinal under test (localhost and 127.0.0.1 are allowed by default).
 * It serves the test pages under src/test/resources/pages, a copy of sinal.js as a site that
 * vendors it would, and {@code /token?user=…&ttl=…} answered by the test (the site's own backend
 * minting tokens).
 */
public final class PageServer implements AutoCloseable {
  private static final Map<String, String> TYPES =
      Map.of("html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8");

  private final HttpServer server;
  private final String address;
  private final AtomicInteger tokens = new AtomicInteger();

  private PageServer(HttpServer server, String address) {
    this.server = server;
    this.address = address;
  }

  /** {@code mint} turns a user and a lifetime in seconds into a token. */
  public static PageServer start(
      String address, java.util.function.BiFunction<String, Long, String> mint) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 50);
      PageServer pages = new PageServer(server, address);
      server.createContext("/", exchange -> pages.serve(exchange, mint));
      server.setExecutor(
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "page-server");
                t.setDaemon(true);
                return t;
              }));
      server.start();
      return pages;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String origin() {
    return "http://" + address + ":" + server.getAddress().getPort();
  }

  /** Tokens handed out so far. */
  public int tokens() {
    return tokens.get();
  }

  private void serve(
      HttpExchange exchange, java.util.function.BiFunction<String, Long, String> mint)
      throws IOException {
    String path = exchange.getRequestURI().getPath();
    byte[] body;
    String type;
    if (path.equals("/token")) {
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      tokens.incrementAndGet();
      body =
          mint.apply(query.get("user"), Long.parseLong(query.getOrDefault("ttl", "60")))
              .getBytes(StandardCharsets.UTF_8);
      type = "text/plain";
    } else if (path.equals("/sinal.js")) {
      body = Files.readAllBytes(Path.of("../clients/js/sinal.js"));
      type = TYPES.get("js");
    } else {
      try (InputStream in = PageServer.class.getResourceAsStream("/pages" + path)) {
        if (in == null || path.contains("..")) {
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
          return;
        }
        body = in.readAllBytes();
      }
      type =
          TYPES.getOrDefault(path.substring(path.lastIndexOf('.') + 1), "application/octet-stream");
    }
    exchange.getResponseHeaders().set("Content-Type", type);
    // no-cache, not no-store: a no-store page never enters the back/forward cache.
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new java.util.HashMap<>();
    for (String pair : raw == null ? new String[0] : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            pair.substring(0, eq),
            java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
