package io.sinal.store;

import static io.sinal.store.TestStore.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database of the single Flyway history (every app's migrations in one sequence, V1 to V6, in
 * {@code flyway_schema_history}) upgrades to one history per app, keeping its rows and applying
 * nothing twice; one whose old history stopped earlier gets the rest from each app's own.
 */
class SingleHistoryUpgradeTest {
  private final Vertx vertx = Vertx.vertx();
  @TempDir Path dir;

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aDatabaseOfTheSingleHistoryUpgradesToOneHistoryPerAppOnH2() throws Exception {
    upgradesWithItsRows(StoreOptions.h2In(dir));
  }

  @Test
  void aDatabaseOfTheSingleHistoryUpgradesToOneHistoryPerAppOnPostgres() throws Exception {
    try (TestDatabases.Schema schema = TestDatabases.postgres()) {
      upgradesWithItsRows(schema.options());
    }
  }

  @Test
  void aDatabaseWhoseSingleHistoryStoppedAtV4GetsEachAppsLaterMigrationsOnH2() throws Exception {
    getsTheLaterMigrations(StoreOptions.h2In(dir));
  }

  @Test
  void aDatabaseWhoseSingleHistoryStoppedAtV4GetsEachAppsLaterMigrationsOnPostgres()
      throws Exception {
    try (TestDatabases.Schema schema = TestDatabases.postgres()) {
      getsTheLaterMigrations(schema.options());
    }
  }

  @Test
  void twoAppsNumberTheirMigrationsAlikeWithoutMeetingInOneHistory() throws Exception {
    List<Migrations> both =
        List.of(new Migrations("probe_one", Set.of()), new Migrations("probe_two", Set.of()));
    try (Store store = Store.open(vertx, StoreOptions.h2In(dir), both)) {
      assertThat(Histories.applied(store, "probe_one")).containsExactly("1");
      assertThat(Histories.applied(store, "probe_two")).containsExactly("1");
      assertThat(one(store, "SELECT COUNT(*) FROM probe_one, probe_two", Integer.class)).isZero();
    }
  }

  @Test
  void everyVersionOfTheSingleHistoryBelongsToExactlyOneApp() {
    List<Integer> claimed = new ArrayList<>();
    TestStore.APPS.forEach(app -> claimed.addAll(app.legacyVersions()));
    assertThat(claimed).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
  }

  private void upgradesWithItsRows(StoreOptions db) throws Exception {
    createdByTheSingleHistory(db, "6");
    execute(
        db,
        "INSERT INTO chat_message (room, author_id, author_name, body, created_at, client_id)"
            + " VALUES ('lobby', 'alice#1', 'alice', 'kept', CURRENT_TIMESTAMP, 'c1')");
    execute(db, "INSERT INTO upload_batch (id, created_at) VALUES ('batch1', CURRENT_TIMESTAMP)");
    execute(
        db,
        "INSERT INTO pix_payment (id, bank_payment_id, amount, payload, status, created_at, expires_at, changed_at,"
            + " announced) VALUES ('pay1', 'TX1', 1.50, 'code', 'pending', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP,"
            + " CURRENT_TIMESTAMP, TRUE)");
    try (Store store = Store.open(vertx, db, TestStore.APPS)) {
      // Each app's history begins where its part of the old sequence ended; nothing ran again.
      assertThat(Histories.all(store))
          .isEqualTo(
              Map.of(
                  "pix",
                  List.of("BASELINE 1"),
                  "uploads",
                  List.of("BASELINE 5"),
                  "chat",
                  List.of("BASELINE 6")));
      assertThat(Histories.rows(store, LegacyHistory.TABLE))
          .as("the old history, read and left alone")
          .hasSize(6);
      assertThat(one(store, "SELECT body FROM chat_message WHERE client_id = 'c1'", String.class))
          .isEqualTo("kept");
      assertThat(one(store, "SELECT COUNT(*) FROM upload_batch", Integer.class)).isOne();
      assertThat(one(store, "SELECT status FROM pix_payment", String.class)).isEqualTo("pending");
    }
    try (Store again = Store.open(vertx, db, TestStore.APPS)) {
      assertThat(Histories.all(again).get("chat"))
          .as("a second start")
          .containsExactly("BASELINE 6");
    }
  }

  private void getsTheLaterMigrations(StoreOptions db) throws Exception {
    createdByTheSingleHistory(db, "4");
    try (Store store = Store.open(vertx, db, TestStore.APPS)) {
      assertThat(Histories.all(store))
          .isEqualTo(
              Map.of(
                  "pix",
                  List.of("BASELINE 1"),
                  "uploads",
                  List.of("BASELINE 2", "SQL 5"),
                  "chat",
                  List.of("BASELINE 4", "SQL 6")));
    }
  }

  private static <T> T one(Store store, String sql, Class<T> type) throws Exception {
    return await(store.call(h -> h.createQuery(sql).mapTo(type).one()));
  }

  /**
   * What the server wrote before each app had its own history: the same files, found together, as
   * one sequence in Flyway's default table, up to {@code target}.
   */
  private static void createdByTheSingleHistory(StoreOptions db, String target) {
    Flyway.configure()
        .dataSource(db.url(), db.user(), db.password())
        .locations(TestStore.APPS.stream().map(Migrations::location).toArray(String[]::new))
        .target(target)
        .load()
        .migrate();
  }

  private static void execute(StoreOptions db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
