package io.sinal.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The one Flyway history every app shared before each app got its own ({@link Migrations}): the
 * table {@code flyway_schema_history}, holding versions 1 to 6 in one sequence. It is read, never
 * written: it stays behind after the upgrade, and may be dropped once no node of the old version
 * runs.
 */
final class LegacyHistory {
  static final String TABLE = "flyway_schema_history";

  private LegacyHistory() {}

  /**
   * The versions the old table holds as applied; none when there is no such table (a fresh
   * database).
   */
  static Set<Integer> applied(DataSource dataSource) {
    Set<Integer> versions = new HashSet<>();
    if (!exists(dataSource, TABLE)) {
      return versions;
    }
    // Flyway quotes its lower-case names on H2; PostgreSQL folds unquoted ones to the same.
    String sql =
        "SELECT \"version\" FROM \""
            + TABLE
            + "\" WHERE \"success\" = TRUE AND \"version\" IS NOT NULL";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        versions.add(Integer.parseInt(rows.getString(1)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read " + TABLE + ": " + e.getMessage(), e);
    }
    return versions;
  }

  /** Whether the connection's current schema has a table of exactly that (lower-case) name. */
  static boolean exists(DataSource dataSource, String table) {
    try (Connection c = dataSource.getConnection()) {
      DatabaseMetaData meta = c.getMetaData();
      String escape = meta.getSearchStringEscape();
      // _ is a wildcard in metadata patterns
      try (ResultSet found =
          meta.getTables(c.getCatalog(), like(c.getSchema(), escape), like(table, escape), null)) {
        while (found.next()) {
          if (found.getString("TABLE_NAME").equals(table)) {
            return true;
          }
        }
        return false;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot look for table " + table + ": " + e.getMessage(), e);
    }
  }

  private static String like(String name, String escape) {
    return name == null || escape == null
        ? name
        : name.replace(escape, escape + escape)
            .replace("_", escape + "_")
            .replace("%", escape + "%");
  }
}
