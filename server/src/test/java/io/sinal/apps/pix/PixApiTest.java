package io.sinal.apps.pix;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import io.sinal.hub.ErrorCode;
import io.sinal.testing.TestClock;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PIX routes through a real server on H2: create, read, QR code, the signed webhook, expiry.
 */
class PixApiTest {
  private static TestClock clock;
  private static TestSinal sinal;
  private static PixClient pix;

  @BeforeAll
  static void start() {
    clock = new TestClock();
    // A heartbeat longer than any test: advancing the clock must not look like a silent connection.
    sinal =
        TestSinal.startWithClock(
            clock,
            "--pix-webhook-secret",
            PixClient.SECRET,
            "--heartbeat",
            "3600",
            "--pix-create-rate",
            "1000");
    pix = new PixClient(sinal);
  }

  @AfterAll
  static void stop() {
    if (sinal != null) sinal.close();
  }

  @Test
  void aNewPaymentIsPendingWithEverythingTheShopNeeds() {
    Instant now = clock.instant();
    HttpResponse<String> created =
        pix.create("{\"value\": 10.50, \"description\": \"Order 1234\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body())
        .as("the value is an exact number with two decimals")
        .contains("\"value\":10.50");
    JsonObject p = new JsonObject(created.body());
    String id = p.getString("id");
    assertThat(id).matches("[A-Za-z0-9]{22}");
    assertThat(p.getString("status")).isEqualTo("pending");
    assertThat(p.getString("description")).isEqualTo("Order 1234");
    assertThat(p.getLong("order_number")).isPositive();
    assertThat(p.getString("bank_payment_id")).matches("[A-Za-z0-9]{25}");
    assertThat(Instant.parse(p.getString("expiration_date")))
        .isEqualTo(now.plus(Duration.ofMinutes(30)));
    assertThat(p.getString("paid_at")).isNull();
    assertThat(p.getString("qr_code")).isEqualTo("/payments/pix/qr_code/" + id);
    assertThat(p.getString("page")).isEqualTo("/payments/pix/" + id);
    assertThat(p.getString("channel")).isEqualTo("payments:" + id);
    assertThat(created.headers().firstValue("location")).hasValue("/payments/pix/" + id);

    var fields = BrCode.parse(p.getString("copy_paste"));
    assertThat(fields.get("54")).isEqualTo("10.50");
    assertThat(BrCode.fields(fields.get("62")).get("05")).isEqualTo(p.getString("bank_payment_id"));
  }

  @ParameterizedTest(name = "{0}")
  // backquotes as CSV quotes: the messages hold single quotes, the bodies double ones
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{}                                   | 202 | 'value' is missing",
        "{\"value\": null}                    | 202 | 'value' is missing",
        "{\"value\": \"10.50\"}               | 202 | 'value' must be a number",
        "{\"value\": true}                    | 202 | 'value' must be a number",
        "{\"value\": [10]}                    | 202 | 'value' must be a number",
        "{\"value\": 0}                       | 202 | 'value' must be more than zero",
        "{\"value\": 0.00}                    | 202 | 'value' must be more than zero",
        "{\"value\": -5}                      | 202 | 'value' must be more than zero",
        "{\"value\": 10.505}                  | 202 | 'value' has more than two decimal places",
        "{\"value\": 0.001}                   | 202 | 'value' has more than two decimal places",
        "{\"value\": 1000000.01}              | 202 | 'value' must be at most 1000000.00",
        "{\"value\": 1e300}                   | 202 | 'value' must be at most 1000000.00",
        "{\"value\": 1e9999999999}            | 202 | 'value' is out of range",
        "not json                             | 201 | not valid JSON",
        "[10.50]                              | 201 | must be a JSON object",
        "{\"value\": 10} trailing             | 201 | not valid JSON",
        "{\"value\": 10, \"value\": 20}       | 201 | appears twice",
        "{\"value\": 10, \"description\": 5}  | 201 | 'description' must be a string",
      })
  void aBadCreationIsRefusedSayingWhy(String body, int code, String message) {
    HttpResponse<String> refused = pix.create(body);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    JsonObject error = new JsonObject(refused.body()).getJsonObject("error");
    assertThat(error.getInteger("code")).isEqualTo(code);
    assertThat(error.getString("message")).contains(message);
  }

  @Test
  void aDescriptionLongerThan140CharactersIsRefused() {
    HttpResponse<String> refused =
        pix.create("{\"value\": 1, \"description\": \"" + "x".repeat(141) + "\"}");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("at most 140");
  }

  @Test
  void anOversizedBodyIsRefusedBeforeItIsRead() {
    HttpResponse<String> refused =
        pix.create("{\"value\": 1, \"description\": \"" + "x".repeat(20_000) + "\"}");
    assertThat(refused.statusCode()).isEqualTo(413);
  }

  @Test
  void valuesWithTrailingZerosOrAnExponentAreKeptExact() {
    assertThat(pix.createPayment("10.500").getValue("value")).hasToString("10.5");
    assertThat(pix.create("{\"value\": 10.500}").body()).contains("\"value\":10.50");
    assertThat(pix.create("{\"value\": 1e1}").body()).contains("\"value\":10.00");
    assertThat(pix.create("{\"value\": 0.01}").body()).contains("\"value\":0.01");
    assertThat(pix.create("{\"value\": 1000000}").statusCode()).isEqualTo(201);
  }

  @Test
  void thePaymentReadsBackAsJsonAtItsPageUrl() {
    JsonObject created = pix.createPayment("7.25");
    assertThat(pix.payment(created.getString("id"))).isEqualTo(created);
  }

  @Test
  void theSameUrlInABrowserIsThePaymentPageFollowingItWithSinalJs() {
    JsonObject created = pix.createPayment("7.25");
    HttpResponse<String> page = pix.page("/payments/pix/" + created.getString("id"));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body())
        .contains("<script type=\"module\" src=\"/pix/payment.js\">")
        .contains("Pay with PIX");
    assertThat(pix.page("/pix/payment.js").body()).contains("import { Sinal } from '/sinal.js'");
  }

  @Test
  void anUnknownPaymentIsNotFoundAsJsonAsAPageAndAsAQrCode() {
    HttpResponse<String> json = pix.json("/payments/pix/NoSuchPayment123");
    assertThat(json.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(json.body()).getJsonObject("error").getInteger("code"))
        .isEqualTo(PixError.NOT_FOUND.code());

    HttpResponse<String> page = pix.page("/payments/pix/NoSuchPayment123");
    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.body()).contains("Payment not found");

    assertThat(pix.bytes("/payments/pix/qr_code/NoSuchPayment123").statusCode()).isEqualTo(404);
    assertThat(pix.json("/payments/pix/not-an-id%27%3B").statusCode()).isEqualTo(404);
  }

  @Test
  void theQrCodeIsAPngThatDecodesToExactlyThePayload() throws Exception {
    JsonObject created = pix.createPayment("42.00");
    HttpResponse<byte[]> png = pix.bytes(created.getString("qr_code"));
    assertThat(png.statusCode()).isEqualTo(200);
    assertThat(png.headers().firstValue("content-type")).hasValue("image/png");
    var image = ImageIO.read(new ByteArrayInputStream(png.body()));
    String decoded =
        new MultiFormatReader()
            .decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))))
            .getText();
    assertThat(decoded).isEqualTo(created.getString("copy_paste"));
  }

  @Test
  void aSignedConfirmationMarksThePaymentPaidAndAnnouncesItOnceEvenWhenRepeated() {
    JsonObject created = pix.createPayment("10.50");
    String id = created.getString("id");
    try (WsClient ws = WsClient.connect(sinal)) {
      ws.subscribe("payments:" + id, null);

      HttpResponse<String> confirmed = pix.confirm(created);
      assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
      JsonObject paid = new JsonObject(confirmed.body());
      assertThat(paid.getString("status")).isEqualTo("paid");
      assertThat(Instant.parse(paid.getString("paid_at"))).isEqualTo(clock.instant());

      JsonObject notification = ws.nextMessage();
      assertThat(notification.getString("type")).isEqualTo("paid");
      assertThat(notification.getJsonObject("data")).isEqualTo(paid);
      assertThat(pix.payment(id)).isEqualTo(paid);

      HttpResponse<String> repeated = pix.confirm(created);
      assertThat(repeated.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(repeated.body())).isEqualTo(paid);
      ws.assertNothingMore(Duration.ofMillis(500));
    }
    assertThat(history(id)).as("publications on the channel").hasSize(1);
  }

  static Stream<Arguments> badSignatures() {
    WebhookSignature right = new WebhookSignature(PixClient.SECRET);
    WebhookSignature other = new WebhookSignature("not-the-secret");
    return Stream.of(
        Arguments.of("missing", (Function<byte[], String>) body -> null),
        Arguments.of("signed with another secret", (Function<byte[], String>) other::sign),
        Arguments.of(
            "another scheme",
            (Function<byte[], String>) body -> "sha1=" + right.sign(body).substring(7)),
        Arguments.of(
            "not hex",
            (Function<byte[], String>) body -> "sha256=zz" + right.sign(body).substring(9)),
        Arguments.of("empty", (Function<byte[], String>) body -> "sha256="));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSignatures")
  void aConfirmationWithoutTheRightSignatureIsRefusedAndChangesNothing(
      String what, Function<byte[], String> signer) {
    JsonObject created = pix.createPayment("5.00");
    byte[] body =
        new Confirmation(created.getString("bank_payment_id"), new BigDecimal("5.00")).body();
    assertRefused(pix.confirm(body, signer.apply(body)), 401, PixError.BAD_SIGNATURE);
    assertThat(pix.payment(created.getString("id")).getString("status")).isEqualTo("pending");
  }

  @Test
  void aBodyChangedAfterSigningIsRefused() {
    JsonObject created = pix.createPayment("5.00");
    byte[] signed =
        new Confirmation(created.getString("bank_payment_id"), new BigDecimal("5.00")).body();
    byte[] tampered =
        new String(signed, StandardCharsets.UTF_8)
            .replace("5.00", "0.01")
            .getBytes(StandardCharsets.UTF_8);
    assertRefused(pix.confirm(tampered, pix.sign(signed)), 401, PixError.BAD_SIGNATURE);
    byte[] reformatted =
        new String(signed, StandardCharsets.UTF_8)
            .replace(",", ", ")
            .getBytes(StandardCharsets.UTF_8);
    assertRefused(pix.confirm(reformatted, pix.sign(signed)), 401, PixError.BAD_SIGNATURE);
    assertThat(pix.payment(created.getString("id")).getString("status")).isEqualTo("pending");
  }

  @Test
  void aConfirmationForAnUnknownPaymentIsNotFound() {
    JsonObject unknown =
        new JsonObject().put("bank_payment_id", "NoSuchBankPayment").put("value", 1.0);
    assertRefused(pix.confirm(unknown, "1.00"), 404, PixError.NOT_FOUND);
  }

  @Test
  void aConfirmationOfAnotherValueIsRefusedButTheSameValueWrittenDifferentlyIsNot() {
    JsonObject created = pix.createPayment("10.50");
    assertRefused(pix.confirm(created, "10.49"), 400, PixError.VALUE_MISMATCH);
    assertRefused(pix.confirm(created, "105.0"), 400, PixError.VALUE_MISMATCH);
    assertThat(pix.payment(created.getString("id")).getString("status")).isEqualTo("pending");
    assertThat(pix.confirm(created, "10.5").statusCode()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json",
        "{\"value\": 5.00}",
        "{\"bank_payment_id\": \"X\"}",
        "{\"bank_payment_id\": 5, \"value\": 5.00}",
        "{\"bank_payment_id\": \"X\", \"value\": \"5.00\"}",
      })
  void aSignedButMalformedConfirmationIsABadRequest(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    assertRefused(pix.confirm(bytes, pix.sign(bytes)), 400, PixError.BAD_REQUEST);
  }

  @Test
  void aPendingPaymentExpiresWhenItsTimeIsUpAndItsSubscribersAreTold() {
    JsonObject created = pix.createPayment("3.00");
    String id = created.getString("id");
    try (WsClient ws = WsClient.connect(sinal)) {
      ws.subscribe("payments:" + id, null);
      clock.advance(Duration.ofMinutes(29).plusSeconds(59));
      ws.assertNothingMore(Duration.ofMillis(1500));
      assertThat(pix.payment(id).getString("status")).isEqualTo("pending");

      clock.advance(Duration.ofSeconds(1));
      JsonObject notification = ws.nextMessage();
      assertThat(notification.getString("type")).isEqualTo("expired");
      assertThat(notification.getJsonObject("data").getString("status")).isEqualTo("expired");
    }
    assertThat(pix.payment(id).getString("status")).isEqualTo("expired");
    assertRefused(pix.confirm(created), 409, PixError.EXPIRED);
  }

  @Test
  void aConfirmationAtTheMomentOfExpiryIsTooLateEvenBeforeTheExpiryRuns() {
    JsonObject created = pix.createPayment("3.00");
    // Whether or not the one-second tick has marked it expired yet, the answer is the same.
    clock.advance(Duration.ofMinutes(30));
    assertRefused(pix.confirm(created), 409, PixError.EXPIRED);
  }

  private static void assertRefused(HttpResponse<String> response, int status, ErrorCode error) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(new JsonObject(response.body()).getJsonObject("error").getInteger("code"))
        .isEqualTo(error.code());
  }

  private static JsonArray history(String id) {
    HttpResponse<String> history =
        sinal.api(
            "GET",
            "/api/history?channel=" + URLEncoder.encode("payments:" + id, StandardCharsets.UTF_8),
            null);
    assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
    return new JsonObject(history.body()).getJsonArray("publications");
  }
}
