package io.sinal.apps.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sinal.Main;
import io.sinal.apps.uploads.UploadClient.Part;
import io.sinal.testing.RawHttp;
import io.sinal.testing.TestClock;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * What uploads leave on disk is bounded: by age (the retention, orphans), in all (the disk budget)
 * and per client address and hour, each refusal keeping nothing while other clients are still
 * served. The budget's running total is checked against the directory itself after each step.
 */
class UploadStorageTest {
  private static final Part GOOD = Part.png("good.png", 40, 30);

  /**
   * Taken for a PNG on arrival (so it is kept while it waits), corrupt once a worker decodes it.
   */
  private static final Part BIG =
      new Part("big.png", "image/png", TestImages.pngLookingBytes(60_000));

  static final String CRASHED = "Crashed000000000000001";
  static final String WRITING = "Writing000000000000001";

  /**
   * Small enough limits that a few 60 KB files reach them: one batch is at most 2 × (64 + 64) KiB.
   */
  private static final String[] SMALL_BATCHES = {
    "--uploads-max-files", "2", "--uploads-max-file-size", "65536"
  };

  @Test
  void oldBatchesAreDeletedAfterTheRetention() throws IOException {
    TestClock clock = new TestClock();
    // a heartbeat longer than the last hour the test moves the clock by
    try (TestSinal sinal =
        TestSinal.startWithClock(clock, "--uploads-retention-hours", "24", "--heartbeat", "3600")) {
      UploadClient client = new UploadClient(sinal);
      String old = client.accepted(List.of(GOOD, GOOD)).getString("batch");
      client.awaitFinished(old);
      clock.advance(Duration.ofHours(23));
      String recent = client.accepted(List.of(GOOD)).getString("batch");
      client.awaitFinished(recent);
      assertThat(client.batchStatus(old)).as("a day is not over yet").isEqualTo(200);

      try (WsClient follower = WsClient.connect(sinal)) {
        follower.subscribe(new FileRef(old, 0).channel(), null);
        clock.advance(Duration.ofHours(1).plusMinutes(1));
        Awaitility.await("the old batch deleted")
            .atMost(Duration.ofSeconds(10))
            .until(() -> client.batchStatus(old) == 404);
        assertThat(client.bytes("/uploads/" + old + "/1/thumb.png").statusCode()).isEqualTo(404);
        assertThat(sinal.dataDir().resolve("uploads").resolve(old)).doesNotExist();
        follower.assertNothingMore(Duration.ofMillis(300));
      }
      assertThat(client.batchStatus(recent)).isEqualTo(200);
      assertThat(client.bytes("/uploads/" + recent + "/1/thumb.png").statusCode()).isEqualTo(200);
      assertBudgetMatchesTheDisk(sinal);
    }
  }

  @Test
  void orphanBatchDirectoriesAreRemoved() throws IOException {
    TestClock clock = new TestClock();
    try (TestSinal sinal =
        TestSinal.startPreparedWithClock(
            dataDir -> leaveOrphans(dataDir, clock), clock, "--heartbeat", "3600")) {
      Path uploads = sinal.dataDir().resolve("uploads");
      UploadClient client = new UploadClient(sinal);
      String stored = client.accepted(List.of(GOOD)).getString("batch");
      client.awaitFinished(stored);
      assertThat(uploads.resolve(CRASHED)).as("within the grace period").exists();

      clock.advance(Duration.ofMinutes(61));
      Awaitility.await("the orphan removed")
          .atMost(Duration.ofSeconds(10))
          .until(() -> !Files.exists(uploads.resolve(CRASHED)));
      assertThat(uploads.resolve(WRITING).resolve("1.upload")).exists();
      assertThat(uploads.resolve(stored)).as("in the store: not an orphan, however quiet").exists();
      assertThat(client.bytes("/uploads/" + stored + "/1/thumb.png").statusCode()).isEqualTo(200);
      assertBudgetMatchesTheDisk(sinal);
    }
  }

  /**
   * What a crash mid-upload leaves: {@link #CRASHED}, a directory with half a file and no row; and
   * {@link #WRITING}, one whose file is written to as the clock goes (an hour from now): not an
   * orphan yet.
   */
  static void leaveOrphans(Path dataDir, TestClock clock) throws IOException {
    Path uploads = Files.createDirectories(dataDir.resolve("uploads"));
    Files.write(
        Files.createDirectories(uploads.resolve(CRASHED)).resolve("1.upload"), new byte[30_000]);
    Path writing =
        Files.write(
            Files.createDirectories(uploads.resolve(WRITING)).resolve("1.upload"),
            new byte[10_000]);
    Files.setLastModifiedTime(writing, FileTime.from(clock.instant().plus(Duration.ofMinutes(60))));
  }

  @Test
  void uploadsPastTheDiskBudgetAre507AndKeepNothing() throws Exception {
    // one worker, held before its first decode: what arrives stays on disk
    try (TestSinal sinal =
            TestSinal.start(
                concat(SMALL_BATCHES, "--uploads-workers", "1", "--uploads-max-disk", "300000"));
        HeldStep held = HeldStep.install(sinal, 1, "decode");
        WsClient follower = WsClient.connect(sinal)) {
      UploadClient client = new UploadClient(sinal);
      JsonObject first = client.accepted(List.of(BIG, BIG));
      follower.subscribe(first.getString("channel"), first.getString("cursor"));
      String second = client.accepted(List.of(BIG)).getString("batch");
      held.awaitReached();
      long used = app(sinal).diskUsed();
      assertThat(used)
          .as("two directories and three files of 60000 bytes")
          .isEqualTo(5 * 4096 + 3 * 60_000);

      // declared too large for what is left: refused before a byte is read
      HttpResponse<String> declared = client.upload(List.of(BIG, BIG));
      assertRefused(declared.statusCode(), declared.body(), 507, 308);
      // a chunked body declares nothing: refused once what it wrote reaches the budget
      RawHttp.Response streamed = client.uploadChunkedFrom("127.0.0.2", List.of(BIG, BIG));
      assertRefused(streamed.status(), streamed.body(), 507, 308);
      assertThat(streamed.json().getJsonObject("error").getString("message"))
          .contains("nothing of this upload was kept");
      assertThat(app(sinal).diskUsed()).isEqualTo(used);
      assertThat(batchDirectories(sinal))
          .containsExactlyInAnyOrder(first.getString("batch"), second);
      assertBudgetMatchesTheDisk(sinal);

      // others are still served: the node, the stored batches and their followers
      assertThat(sinal.get("/health/live").statusCode()).isEqualTo(200);
      assertThat(client.batchStatus(second)).isEqualTo(200);
      held.release();
      client.awaitFinished(first.getString("batch"));
      client.awaitFinished(second);
      assertThat(follower.messages(3))
          .extracting(m -> m.getString("type"))
          .containsExactly("received", "received", "processing");
      // their received bytes are deleted as they finish, which makes room again
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> app(sinal).diskUsed() == 2 * 4096);
      client.awaitFinished(client.accepted(List.of(BIG, BIG)).getString("batch"));
      assertBudgetMatchesTheDisk(sinal);
    }
  }

  @Test
  void outputsPastTheDiskBudgetFailTheirFileAndAreDeleted() throws IOException {
    // room for a 200 × 200 noise PNG (120 KB) and some of its outputs, not all six
    try (TestSinal sinal =
        TestSinal.start(
            "--uploads-max-files",
            "1",
            "--uploads-max-file-size",
            "200000",
            "--uploads-max-disk",
            "300000")) {
      UploadClient client = new UploadClient(sinal);
      byte[] noise = TestImages.noisePng(200, 200);
      String batch =
          client.accepted(List.of(new Part("noise.png", "image/png", noise))).getString("batch");

      JsonObject file = UploadClient.file(client.awaitFinished(batch), 1);
      assertThat(file.getString("state")).isEqualTo("failed");
      assertThat(file.getString("reason_code")).isEqualTo("insufficient_storage");
      assertThat(file.getJsonArray("variants")).isEmpty();
      try (Stream<Path> left = Files.list(sinal.dataDir().resolve("uploads").resolve(batch))) {
        assertThat(left).as("its outputs and received bytes").isEmpty();
      }
      assertBudgetMatchesTheDisk(sinal);
      client.awaitFinished(client.accepted(List.of(GOOD)).getString("batch"));
    }
  }

  @Test
  void oneAddressUploadingPastItsHourlyBytesGets429WhileAnotherUploads() throws IOException {
    TestClock clock = new TestClock();
    try (TestSinal sinal =
        TestSinal.startWithClock(
            clock,
            concat(
                SMALL_BATCHES,
                "--uploads-client-bytes-per-hour",
                "300000",
                "--heartbeat",
                "3600"))) {
      UploadClient client = new UploadClient(sinal);
      client.accepted(List.of(BIG, BIG));
      client.accepted(List.of(BIG));

      // 180000 of its 300000 bytes are spent: two more files and their framing do not fit
      HttpResponse<String> declared = client.upload(List.of(BIG, BIG));
      assertRefused(declared.statusCode(), declared.body(), 429, 309);
      String retryAfter = declared.headers().firstValue("retry-after").orElseThrow();
      // the few hundred bytes missing come back at 300000 an hour: seconds
      assertThat(Integer.parseInt(retryAfter)).isBetween(1, 30);
      assertThat(new JsonObject(declared.body()).getJsonObject("error").getString("message"))
          .contains("your address may send 300000 bytes of uploads an hour")
          .contains("try again in " + retryAfter + " s");
      RawHttp.Response other = client.uploadFrom("127.0.0.2", List.of(BIG, BIG));
      assertThat(other.status()).as(other.body()).isEqualTo(202);

      // a small one still fits; a chunked body declares nothing and is cut where the bytes run out
      client.accepted(List.of(GOOD));
      RawHttp.Response streamed = client.uploadChunkedFrom("127.0.0.1", List.of(BIG, BIG));
      assertRefused(streamed.status(), streamed.body(), 429, 309);
      assertThat(streamed.headers()).containsKey("retry-after");
      assertThat(batchDirectories(sinal)).hasSize(4);
      assertBudgetMatchesTheDisk(sinal);

      clock.advance(Duration.ofHours(1));
      client.awaitFinished(client.accepted(List.of(BIG, BIG)).getString("batch"));
      client.awaitFinished(other.json().getString("batch"));
    }
  }

  @Test
  void storageBoundsHaveTheDocumentedDefaultsAndMustHoldOneFullBatch() {
    UploadsOptions defaults = Main.parse().app(UploadsOptions.class);
    assertThat(defaults.retention()).isEqualTo(Duration.ofHours(24));
    assertThat(defaults.maxDisk()).isEqualTo(5L << 30);
    assertThat(defaults.clientBytesPerHour()).isEqualTo(512L << 20);
    assertThat(Main.parse("--uploads-retention-hours", "0").app(UploadsOptions.class).retention())
        .isZero();
    assertThatThrownBy(() -> Main.parse("--uploads-max-disk", "100000000"))
        .hasMessageContaining("--uploads-max-disk must be at least one full batch")
        .hasMessageContaining("= 420741120 bytes")
        .hasMessageContaining("was 100000000");
    assertThatThrownBy(
            () -> Main.parse(concat(SMALL_BATCHES, "--uploads-client-bytes-per-hour", "1000")))
        .hasMessageContaining("--uploads-client-bytes-per-hour must be at least one full batch")
        .hasMessageContaining("= 262144 bytes")
        .hasMessageContaining("was 1000");
    assertThatThrownBy(() -> Main.parse("--uploads-retention-hours", "-1"))
        .hasMessageContaining("--uploads-retention-hours must be 0 to 8784, was -1");
  }

  private static void assertRefused(int status, String body, int expectedStatus, int expectedCode) {
    assertThat(status).as(body).isEqualTo(expectedStatus);
    assertThat(new JsonObject(body).getJsonObject("error").getInteger("code"))
        .isEqualTo(expectedCode);
  }

  private static UploadsApp app(TestSinal sinal) {
    return sinal.sinal().app(UploadsApp.class);
  }

  /**
   * The running total is what walking the directory finds: nothing was counted twice or forgotten.
   */
  static void assertBudgetMatchesTheDisk(TestSinal sinal) {
    Awaitility.await("the disk budget equal to the directory")
        .atMost(Duration.ofSeconds(10))
        .until(() -> app(sinal).diskUsed() == DiskBudget.measured(app(sinal).uploadsDirectory()));
  }

  private static List<String> batchDirectories(TestSinal sinal) throws IOException {
    try (Stream<Path> dirs = Files.list(sinal.dataDir().resolve("uploads"))) {
      return dirs.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static String[] concat(String[] first, String... more) {
    return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
  }
}
