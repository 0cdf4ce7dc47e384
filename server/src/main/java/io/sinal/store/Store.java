package io.sinal.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The application store that apps keep their records in: a HikariCP pool, each app's Flyway
 * migrations ({@link Migrations}, under {@code db/migration/<app>}, with their own history), and
 * Jdbi. One implementation on two databases (embedded H2, PostgreSQL): the seam between them is the
 * {@code DataSource}, so apps write one set of portable SQL.
 *
 * <p>JDBC blocks, so every unit of work runs on the store's own worker pool, never on the caller's
 * event loop; the returned future completes back on the caller's context.
 */
public final class Store implements AutoCloseable {
  /**
   * Connections, and worker threads to use them: equal, so a worker never waits for a connection
   * and at most this many statements are in flight. Work beyond that queues in the worker pool.
   */
  static final int POOL_SIZE = 10;

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final WorkerExecutor workers;

  private Store(HikariDataSource dataSource, WorkerExecutor workers) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
    this.workers = workers;
  }

  /**
   * Connects and migrates each app's schema to its newest version, in the order given. Blocks: call
   * it while the server starts, not from an event loop. Fails with a message naming the
   * (password-masked) URL.
   */
  public static Store open(Vertx vertx, StoreOptions options, List<Migrations> migrations) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("sinal-store");
    config.setJdbcUrl(options.url());
    config.setUsername(options.user());
    config.setPassword(options.password());
    config.setMaximumPoolSize(POOL_SIZE);
    config.setConnectionTimeout(5_000);
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot connect to the store at "
              + StoreOptions.redacted(options.url())
              + ": "
              + rootMessage(e),
          e);
    }
    String app = null;
    try {
      Set<Integer> legacy = LegacyHistory.applied(dataSource);
      for (Migrations m : migrations) {
        app = m.app();
        m.migrate(dataSource, legacy);
      }
    } catch (RuntimeException e) {
      dataSource.close();
      throw new IllegalStateException(
          "cannot migrate the store at "
              + StoreOptions.redacted(options.url())
              + (app == null ? "" : " for the " + app + " app")
              + ": "
              + rootMessage(e),
          e);
    }
    return new Store(dataSource, vertx.createSharedWorkerExecutor("sinal-store", POOL_SIZE));
  }

  /** Runs {@code work} with a connection in auto-commit mode, on the store's workers. */
  public <T> Future<T> call(HandleCallback<T, RuntimeException> work) {
    return workers.executeBlocking(() -> jdbi.withHandle(work), false);
  }

  /**
   * Runs {@code work} in one transaction, committed when it returns and rolled back when it throws.
   */
  public <T> Future<T> transaction(HandleCallback<T, RuntimeException> work) {
    return workers.executeBlocking(() -> jdbi.inTransaction(work), false);
  }

  /** A readiness check: succeeds when a connection answers a trivial query. */
  public Future<Void> ping() {
    return call(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()).mapEmpty();
  }

  /** Stops taking work and closes the pool; call once, when the server stops. */
  @Override
  public void close() {
    workers.close();
    dataSource.close();
  }

  private static String rootMessage(Throwable e) {
    while (e.getCause() != null && e.getCause() != e) {
      e = e.getCause();
    }
    return e.getMessage();
  }
}
