package io.sinal.apps.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.Endpoint;
import io.sinal.testing.RawHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * What the upload tests send: real multipart requests from the JDK's HttpClient, and the JSON
 * reads.
 */
public final class UploadClient {
  /** One file part: the name the client claims, and the bytes. */
  public record Part(String fileName, String contentType, byte[] bytes) {
    static Part jpeg(String name, int width, int height) {
      return new Part(name, "image/jpeg", TestImages.jpeg(width, height));
    }

    static Part png(String name, int width, int height) {
      return new Part(name, "image/png", TestImages.png(width, height));
    }
  }

  private final Endpoint server;

  public UploadClient(Endpoint server) {
    this.server = server;
  }

  public HttpResponse<String> upload(List<Part> parts) {
    String boundary = "sinal-" + UUID.randomUUID();
    return send(
        HttpRequest.newBuilder(server.uri("/uploads"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, parts))));
  }

  /** Uploads and checks the answer is 202; returns it. */
  JsonObject accepted(List<Part> parts) {
    HttpResponse<String> response = upload(parts);
    assertThat(response.statusCode()).as("upload answer %s", response.body()).isEqualTo(202);
    return new JsonObject(response.body());
  }

  static byte[] multipart(String boundary, List<Part> parts) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nnot a file\r\n")
            .getBytes(StandardCharsets.UTF_8));
    for (Part p : parts) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
                  + p.fileName()
                  + "\"\r\nContent-Type: "
                  + p.contentType()
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      body.writeBytes(p.bytes());
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return body.toByteArray();
  }

  /**
   * Uploads over a connection from {@code localAddress} (say 127.0.0.2): another client, as the
   * server sees its address.
   */
  RawHttp.Response uploadFrom(String localAddress, List<Part> parts) {
    return uploadFrom(localAddress, parts, false);
  }

  /**
   * As {@link #uploadFrom}, with a chunked body, which declares no length: the server learns the
   * size as it arrives.
   */
  RawHttp.Response uploadChunkedFrom(String localAddress, List<Part> parts) {
    return uploadFrom(localAddress, parts, true);
  }

  private RawHttp.Response uploadFrom(String localAddress, List<Part> parts, boolean chunked) {
    String boundary = "sinal-" + UUID.randomUUID();
    byte[] body = multipart(boundary, parts);
    try (RawHttp http = RawHttp.connectFrom(server, localAddress).readTimeout(20_000)) {
      http.send(
          "POST /uploads HTTP/1.1\r\nHost: 127.0.0.1:"
              + server.port()
              + "\r\nContent-Type: multipart/form-data; boundary="
              + boundary
              + (chunked ? "\r\nTransfer-Encoding: chunked" : "\r\nContent-Length: " + body.length)
              + "\r\nConnection: close\r\n\r\n");
      try {
        if (!chunked) {
          http.send(body);
        } else {
          for (int at = 0; at < body.length; at += 8192) {
            int length = Math.min(8192, body.length - at);
            http.send(Integer.toHexString(length) + "\r\n")
                .send(Arrays.copyOfRange(body, at, at + length))
                .send("\r\n");
          }
          http.send("0\r\n\r\n");
        }
      } catch (UncheckedIOException e) {
        // the server answered before the end and closed: its answer is still there to read
      }
      return http.read();
    }
  }

  /** {@code GET /uploads/<batch>}'s status: 200 while the batch is stored, 404 once it is not. */
  int batchStatus(String batch) {
    return send(HttpRequest.newBuilder(server.uri("/uploads/" + batch))).statusCode();
  }

  JsonObject batch(String batch) {
    HttpResponse<String> response = send(HttpRequest.newBuilder(server.uri("/uploads/" + batch)));
    assertThat(response.statusCode()).as("batch answer %s", response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  /** Reads the batch until every file satisfies {@code done}; returns the last reading. */
  JsonObject awaitFiles(String batch, Predicate<JsonObject> done) {
    JsonObject[] last = {null};
    Awaitility.await("files of " + batch)
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              last[0] = batch(batch);
              return last[0].getJsonArray("files").stream()
                  .allMatch(f -> done.test((JsonObject) f));
            });
    return last[0];
  }

  /** Waits until every file is done, failed or cancelled. */
  JsonObject awaitFinished(String batch) {
    return awaitFiles(
        batch, f -> List.of("done", "failed", "cancelled").contains(f.getString("state")));
  }

  static JsonObject file(JsonObject batch, int id) {
    JsonArray files = batch.getJsonArray("files");
    return files.stream()
        .map(JsonObject.class::cast)
        .filter(f -> f.getInteger("id") == id)
        .findFirst()
        .orElseThrow();
  }

  /** The stage names of a file's events, in seq order. */
  static List<String> stages(JsonObject file) {
    return file.getJsonArray("events").stream()
        .map(e -> ((JsonObject) e).getString("stage"))
        .toList();
  }

  HttpResponse<String> cancel(String batch, int file) {
    return send(HttpRequest.newBuilder(server.uri("/uploads/" + batch + "/" + file)).DELETE());
  }

  HttpResponse<byte[]> bytes(String path) {
    return send(HttpRequest.newBuilder(server.uri(path)), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    return send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static <T> HttpResponse<T> send(
      HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
    try {
      return Endpoint.HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
