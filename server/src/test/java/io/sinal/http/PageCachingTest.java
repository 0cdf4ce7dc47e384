package io.sinal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.RawHttp;
import io.sinal.testing.TestSinal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pages and sinal.js are revalidated on every use, so an upgrade reaches browsers at once. */
class PageCachingTest {
  private static TestSinal sinal;

  @BeforeAll
  static void start() {
    sinal = TestSinal.start();
  }

  @AfterAll
  static void stop() {
    sinal.close();
  }

  private static RawHttp.Response get(TestSinal sinal, String path, String ifNoneMatch) {
    return RawHttp.get(
        sinal,
        "127.0.0.1",
        path,
        ifNoneMatch == null ? "" : "If-None-Match: " + ifNoneMatch + "\r\n");
  }

  @Test
  void sinalJsIsRevalidatedAndAConditionalGetAnswers304() {
    RawHttp.Response first = get(sinal, "/sinal.js", null);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.headers().get("content-type")).startsWith("text/javascript").contains("utf-8");
    assertThat(first.headers().get("cache-control"))
        .isEqualTo("no-cache")
        .doesNotContain("immutable")
        .doesNotContain("max-age");
    String etag = first.headers().get("etag");
    assertThat(etag).matches("\"[A-Za-z0-9_-]{22}\"");
    assertThat(first.body()).contains("export class Sinal");

    RawHttp.Response again = get(sinal, "/sinal.js", etag);
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().get("etag")).isEqualTo(etag);
    assertThat(get(sinal, "/sinal.js", "W/" + etag).status())
        .as("a weak match, as after compression")
        .isEqualTo(304);
    assertThat(get(sinal, "/sinal.js", "\"an-older-version\"").status())
        .as("a changed file")
        .isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/admin",
        "/lab",
        "/lab/lab.js",
        "/chat/chat.css",
        "/uploads/uploads.js",
        "/pix/pix.css"
      })
  void everyPageAndAssetIsRevalidatedToo(String path) {
    RawHttp.Response page = get(sinal, path, null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.headers().get("cache-control")).isEqualTo("no-cache");
    assertThat(get(sinal, path, page.headers().get("etag")).status()).isEqualTo(304);
  }

  @Test
  void everyNodeGivesTheSameFileTheSameEtag() {
    try (TestSinal two = TestSinal.start()) {
      assertThat(get(two, "/sinal.js", null).headers().get("etag"))
          .isEqualTo(get(sinal, "/sinal.js", null).headers().get("etag"));
    }
  }
}
