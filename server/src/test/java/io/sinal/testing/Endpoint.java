package io.sinal.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A running Sinal the test clients talk to: in this JVM ({@link TestSinal}) or a process ({@link
 * ServerProcess}).
 */
public interface Endpoint {
  HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  int port();

  default String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  default URI uri(String pathAndQuery) {
    return URI.create(baseUrl() + pathAndQuery);
  }

  default HttpResponse<String> request(
      String method, String path, String body, String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(40))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  default HttpResponse<String> get(String path) {
    return request("GET", path, null, null);
  }
}
