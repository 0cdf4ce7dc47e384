package io.sinal.store;

import static io.sinal.store.TestStore.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every database under the {@link Store} must do; run on H2 and on PostgreSQL. */
abstract class StoreContract {
  protected TestStore db;
  private Store store;

  /** A store on an empty database, for one test. */
  protected abstract TestStore open();

  @BeforeEach
  void openStore() {
    db = open();
    store = db.store();
  }

  @AfterEach
  void closeStore() throws Exception {
    db.close();
  }

  @Test
  void workRunsOnTheStoreWorkersAndCompletesOnTheCallersEventLoop() throws Exception {
    Promise<String[]> threads = Promise.promise();
    db.vertx()
        .getOrCreateContext()
        .runOnContext(
            v ->
                store
                    .call(h -> Thread.currentThread().getName())
                    .onSuccess(
                        worker ->
                            threads.complete(
                                new String[] {worker, Thread.currentThread().getName()}))
                    .onFailure(threads::fail));
    String[] seen = await(threads.future());
    assertThat(seen[0]).as("thread running the SQL").startsWith("sinal-store");
    assertThat(seen[1]).as("thread completing the future").contains("eventloop");
  }

  @Test
  void eachAppsMigrationsRunInItsOwnHistory() throws Exception {
    assertThat(count(store, "SELECT COUNT(*) FROM pix_payment")).isZero();
    assertThat(Histories.applied(store, "pix")).containsExactly("1");
    assertThat(Histories.applied(store, "uploads")).containsExactly("2", "5");
    assertThat(Histories.applied(store, "chat")).containsExactly("3", "4", "6");
  }

  @Test
  void aFreshDatabaseGetsOneHistoryPerApp() throws Exception {
    assertThat(Histories.tables(store))
        .as("Flyway's tables")
        .containsExactlyInAnyOrder(
            "flyway_history_pix", "flyway_history_uploads", "flyway_history_chat");
    // Opening the migrated database again applies nothing twice.
    Map<String, List<String>> before = Histories.all(store);
    try (Store again = Store.open(db.vertx(), db.options(), TestStore.APPS)) {
      assertThat(Histories.all(again)).isEqualTo(before);
    }
  }

  @Test
  void aTransactionThatThrowsLeavesNothingBehind() throws Exception {
    await(store.call(h -> h.execute("CREATE TABLE store_probe (n INT NOT NULL)")));
    Future<Object> failed =
        store.transaction(
            h -> {
              h.execute("INSERT INTO store_probe (n) VALUES (1)");
              throw new IllegalStateException("changed my mind");
            });
    assertThatThrownBy(() -> await(failed)).hasRootCauseMessage("changed my mind");
    assertThat(count(store, "SELECT COUNT(*) FROM store_probe")).isZero();
  }

  @Test
  void pingAnswersWhileTheDatabaseIsUp() throws Exception {
    await(store.ping());
  }

  private static int count(Store on, String sql) throws Exception {
    Integer n = await(on.call(h -> h.createQuery(sql).mapTo(Integer.class).one()));
    return n;
  }
}
