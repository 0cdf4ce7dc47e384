package io.sinal.store;

import org.jdbi.v3.core.HandleCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The frame of an application's SQL contract: each test gets a store on an empty database (H2 or
 * PostgreSQL, as the subclass says) and runs its statements in the store's transactions.
 */
public abstract class RepositoryContract {
  private TestStore db;

  /** A store on an empty database, for one test. */
  protected abstract TestStore open();

  @BeforeEach
  protected void openStore() {
    db = open();
  }

  @AfterEach
  protected void closeStore() throws Exception {
    db.close();
  }

  /** Runs {@code work} in one transaction of the store and waits for it. */
  protected <T> T run(HandleCallback<T, RuntimeException> work) throws Exception {
    return TestStore.await(db.store().transaction(work));
  }
}
