package io.sinal.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Fresh PostgreSQL schemas in the local PostgreSQL (database {@code test}, user {@code postgres},
 * trust auth; {@code .ci/run} starts it), so reruns never see an earlier run's rows: for a {@link
 * TestStore}, or for a whole server ({@code --db-url schema.options().url()}). A PostgreSQL that is
 * not there fails the test rather than skipping it.
 */
public final class TestDatabases {
  /** Override with SINAL_TEST_POSTGRES_URL to run elsewhere. */
  static final String POSTGRES =
      System.getenv()
          .getOrDefault("SINAL_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");

  static final String POSTGRES_USER = "postgres";

  private TestDatabases() {}

  /** A new empty schema, dropped with everything in it on close. */
  public static Schema postgres() {
    String name = "sinal_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("CREATE SCHEMA " + name);
    return new Schema(
        name, new StoreOptions(POSTGRES + "?currentSchema=" + name, POSTGRES_USER, ""));
  }

  /** A PostgreSQL schema of one test; its options point a store at it. */
  public record Schema(String name, StoreOptions options) implements AutoCloseable {
    @Override
    public void close() {
      execute("DROP SCHEMA " + name + " CASCADE");
    }
  }

  private static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(POSTGRES, POSTGRES_USER, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "the PostgreSQL tests need the local PostgreSQL at "
              + POSTGRES
              + " (user "
              + POSTGRES_USER
              + ", trust auth): "
              + e.getMessage(),
          e);
    }
  }
}
