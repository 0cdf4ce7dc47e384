package io.sinal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.TestSinal;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** No request can add a metric series: every label value comes from a fixed set. */
class MetricsCardinalityTest {

  private static String scrape(TestSinal sinal) {
    HttpResponse<String> response = sinal.api("GET", "/metrics", null);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static void madeUp(TestSinal sinal, int count) {
    for (int i = 0; i < count; i++) {
      String random = UUID.randomUUID().toString().replace("-", "");
      String method = "X" + random.substring(0, 12).toUpperCase();
      String[] paths = {
        "/" + random, "/api/" + random, "/payments/pix/" + random, "/uploads/" + random + "/" + i
      };
      sinal.request(i % 2 == 0 ? method : "GET", paths[i % paths.length], null, null);
    }
  }

  @Test
  void madeUpMethodsAndRandomPathsLeaveTheMetricsTheirSize() {
    try (TestSinal sinal = TestSinal.start()) {
      madeUp(sinal, 40);
      int before = scrape(sinal).length();
      madeUp(sinal, 2000);
      String after = scrape(sinal);
      // Counter values grow by a few digits and the JVM may add a GC series; one series per method
      // or path would add about 150 bytes per request.
      assertThat(after.length() - before).as("growth of /metrics in bytes").isLessThan(4096);
      assertThat(after).contains("method=\"other\"").doesNotContain("method=\"X");
      assertThat(sinal.get("/health/live").statusCode())
          .as("the server kept serving")
          .isEqualTo(200);
    }
  }
}
