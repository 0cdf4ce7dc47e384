package io.sinal.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.MimeMapping;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The pages, scripts and styles under {@code web/} on the class path, read once at start and served
 * from memory. Their URLs carry no version, so each answer says {@code Cache-Control: no-cache}
 * with an ETag from the content's hash: a browser revalidates on every use (a 304 costs one small
 * round trip) and sees an upgrade at once. Vert.x's static handler said {@code public, immutable,
 * max-age=86400}, which kept a fixed {@code sinal.js} out of browsers for a day, and validated by
 * modification time, which differs per node (the time each extracted the jar); a hash is the same
 * on every node.
 */
public final class Assets implements Handler<RoutingContext> {
  private static final String NO_CACHE = "no-cache";

  private final Map<String, Asset> byPath;

  private record Asset(byte[] bytes, String contentType, String etag) {}

  private Assets(Map<String, Asset> byPath) {
    this.byPath = Map.copyOf(byPath);
  }

  /**
   * Reads every file under {@code root} (a class-path folder holding {@code probe}); blocks, call
   * it at start.
   */
  public static Assets load(String root, String probe) {
    URL found = Assets.class.getClassLoader().getResource(root + "/" + probe);
    if (found == null) {
      throw new IllegalStateException(root + "/" + probe + " is missing from the class path");
    }
    try {
      URI uri = found.toURI();
      if (!"jar".equals(uri.getScheme())) {
        return new Assets(read(Path.of(uri).getParent()));
      }
      FileSystem jar;
      try {
        jar = FileSystems.newFileSystem(uri, Map.of());
      } catch (FileSystemAlreadyExistsException e) {
        jar = FileSystems.getFileSystem(uri);
      }
      return new Assets(read(jar.getPath("/" + root)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Asset> read(Path dir) throws IOException {
    Map<String, Asset> assets = new HashMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        byte[] bytes = Files.readAllBytes(file);
        String path = "/" + dir.relativize(file).toString().replace('\\', '/');
        assets.put(path, new Asset(bytes, contentType(path), etag(bytes)));
      }
    }
    return assets;
  }

  private static String contentType(String path) {
    // TypeScript declarations, not the MPEG transport streams ".ts" names by default.
    String type =
        path.endsWith(".d.ts") ? "application/typescript" : MimeMapping.mimeTypeForFilename(path);
    if (type == null) {
      return "application/octet-stream";
    }
    return type.startsWith("text/")
            || type.endsWith("javascript")
            || type.endsWith("typescript")
            || type.endsWith("json")
        ? type + "; charset=utf-8"
        : type;
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\""
          + Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22)
          + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    String path = ctx.normalizedPath();
    Asset asset =
        method == HttpMethod.GET || method == HttpMethod.HEAD
            ? byPath.get(path.endsWith("/") ? path + "index.html" : path)
            : null;
    if (asset == null) {
      ctx.next();
      return;
    }
    MultiMap headers = ctx.response().headers();
    headers.set(HttpHeaders.CACHE_CONTROL, NO_CACHE).set(HttpHeaders.ETAG, asset.etag());
    if (matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), asset.etag())) {
      ctx.response().setStatusCode(304).end();
      return;
    }
    headers.set(HttpHeaders.CONTENT_TYPE, asset.contentType());
    // a fresh Buffer per answer: one Buffer written from several event loops at once is not safe
    ctx.response().end(Buffer.buffer(asset.bytes()));
  }

  /**
   * If-None-Match holds {@code etag} (weak or strong: a GET compares weakly, RFC 9110 §13.1.2), or
   * is *.
   */
  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }
}
