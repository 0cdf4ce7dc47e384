package io.sinal.apps.pix;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.store.TestDatabases;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on Redis and PostgreSQL: a payment confirmed through one node flips a page on the
 * other.
 */
class PixClusterTest {

  @Test
  void confirmationThroughNodeBReachesTheSubscriberOnNodeA() {
    String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    try (TestDatabases.Schema db = TestDatabases.postgres()) {
      String[] args = {
        "--redis-url",
        "redis://127.0.0.1:6379",
        "--redis-prefix",
        prefix,
        "--db-url",
        db.options().url(),
        "--db-user",
        db.options().user(),
        "--pix-webhook-secret",
        PixClient.SECRET,
        "--jwt-secret",
        "pix-cluster-jwt-secret-0123456789abcdef"
      };
      try (TestSinal a = TestSinal.start(args);
          TestSinal b = TestSinal.start(args);
          WsClient page = WsClient.connect(a)) {
        JsonObject payment = new PixClient(a).createPayment("10.50");
        String id = payment.getString("id");
        page.subscribe("payments:" + id, null);
        assertThat(new PixClient(b).payment(id).getString("status"))
            .as("node B reads node A's payment")
            .isEqualTo("pending");
        assertThat(new PixClient(b).confirm(payment, "10.50").statusCode()).isEqualTo(200);
        JsonObject paid = page.nextMessage();
        assertThat(paid.getString("channel")).isEqualTo("payments:" + id);
        assertThat(paid.encode()).contains("paid");
        assertThat(new PixClient(a).payment(id).getString("status")).isEqualTo("paid");
      }
    }
  }
}
