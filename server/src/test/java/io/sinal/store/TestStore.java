package io.sinal.store;

import io.sinal.Sinal;
import io.sinal.apps.AppFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Store} on a fresh database, for one test: an H2 file in a temp directory, or a new
 * schema in the local PostgreSQL ({@link TestDatabases}). Closing it closes the store and drops the
 * schema.
 */
public final class TestStore implements AutoCloseable {
  /** Every app's migrations, in the order the server runs them. */
  public static final List<Migrations> APPS =
      Sinal.APPS.stream().map(AppFactory::migrations).toList();

  private final StoreOptions options;
  private final TestDatabases.Schema schema;
  private final Vertx vertx = Vertx.vertx();
  private final Store store;

  private TestStore(StoreOptions options, TestDatabases.Schema schema) {
    this.options = options;
    this.schema = schema;
    try {
      this.store = Store.open(vertx, options, APPS);
    } catch (RuntimeException e) {
      vertx.close();
      if (schema != null) {
        schema.close();
      }
      throw e;
    }
  }

  public static TestStore h2(Path dir) {
    return new TestStore(StoreOptions.h2In(dir), null);
  }

  public static TestStore postgres() {
    TestDatabases.Schema schema = TestDatabases.postgres();
    return new TestStore(schema.options(), schema);
  }

  public Store store() {
    return store;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Where this store's database is, to open another store on it. */
  public StoreOptions options() {
    return options;
  }

  /** Waits at most 10 seconds for {@code future}. */
  public static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    try {
      store.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      if (schema != null) {
        schema.close();
      }
    }
  }
}
