package io.sinal.store;

import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * One app's schema: the Flyway migrations under {@code db/migration/<app>}, recorded in the app's
 * own history table {@code flyway_history_<app>}, so each app numbers its migrations on its own.
 *
 * <p>Until then every app's migrations were one sequence, V1 to V6, in one table ({@link
 * LegacyHistory}). The files kept their numbers; {@code legacyVersions} says which of that sequence
 * are this app's. On a database migrated the old way, the app's history begins at the highest of
 * them the old table holds, and Flyway applies only what came after.
 *
 * @param app lower-case letters, digits and underscores: it names the folder and the table
 * @param legacyVersions this app's versions of the old shared sequence: frozen, none for a new app,
 *     and never added to (an app's next migration is its highest version plus one, in its own
 *     history)
 */
public record Migrations(String app, Set<Integer> legacyVersions) {
  private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

  public Migrations {
    if (!app.matches("[a-z][a-z0-9_]{0,39}")) {
      throw new IllegalArgumentException(
          "an app's migrations need a lower-case name of letters, digits and _, was '" + app + "'");
    }
    legacyVersions = Set.copyOf(legacyVersions);
  }

  public String location() {
    return "classpath:db/migration/" + app;
  }

  public String table() {
    return "flyway_history_" + app;
  }

  /**
   * Brings the app's schema to its newest version. Its first run on a database of the old layout
   * starts the app's history at its part of {@code legacy}, the versions the old table holds.
   */
  void migrate(DataSource dataSource, Set<Integer> legacy) {
    int from =
        LegacyHistory.exists(dataSource, table())
            ? 0
            : legacy.stream()
                .filter(legacyVersions::contains)
                .mapToInt(Integer::intValue)
                .max()
                .orElse(0);
    if (from > 0) {
      LOG.info(
          "store: the "
              + app
              + " migrations up to version "
              + from
              + " were applied under "
              + LegacyHistory.TABLE
              + "; "
              + table()
              + " continues from there");
    }
    // A schema that other apps' tables already fill is "non-empty" to Flyway, which then migrates
    // only
    // from a baseline: version 0 (everything) for an app new to this database, else its legacy
    // part.
    Flyway.configure()
        .dataSource(dataSource)
        .locations(location())
        .table(table())
        .baselineOnMigrate(true)
        .baselineVersion(String.valueOf(from))
        .baselineDescription(
            from > 0 ? "applied under " + LegacyHistory.TABLE : "<< Flyway Baseline >>")
        .load()
        .migrate();
  }
}
