package io.sinal.store;

import static io.sinal.store.TestStore.await;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the Flyway histories of a store: which tables there are, and what each app's holds. */
final class Histories {
  private Histories() {}

  /** The Flyway history tables in the store's schema (the old shared one included), by name. */
  static List<String> tables(Store store) throws Exception {
    return await(
        store.call(
            h ->
                h.createQuery(
                        "SELECT table_name FROM information_schema.tables"
                            + " WHERE table_schema = CURRENT_SCHEMA AND table_name LIKE 'flyway%'")
                    .mapTo(String.class)
                    .list()));
  }

  /** The versions of the app's own history that ran as SQL, in the order they ran. */
  static List<String> applied(Store store, String app) throws Exception {
    return await(
        store.call(
            h ->
                h.createQuery(
                        "SELECT \"version\" FROM \"flyway_history_"
                            + app
                            + "\""
                            + " WHERE \"type\" = 'SQL' AND \"success\" = TRUE ORDER BY \"installed_rank\"")
                    .mapTo(String.class)
                    .list()));
  }

  /**
   * Every versioned row of a history as "TYPE version", in the order they were written (H2 also has
   * a marker row without one).
   */
  static List<String> rows(Store store, String table) throws Exception {
    return await(
        store.call(
            h ->
                h.createQuery(
                        "SELECT \"type\" || ' ' || \"version\" FROM \""
                            + table
                            + "\""
                            + " WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")
                    .mapTo(String.class)
                    .list()));
  }

  /** Every app's history rows, by app. */
  static Map<String, List<String>> all(Store store) throws Exception {
    Map<String, List<String>> all = new LinkedHashMap<>();
    for (Migrations app : TestStore.APPS) {
      all.put(app.app(), rows(store, app.table()));
    }
    return all;
  }
}
