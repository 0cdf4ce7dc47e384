package io.sinal.apps;

import io.sinal.config.AppOptions;
import io.sinal.store.Migrations;
import java.util.List;

/**
 * How the server knows an app: its name, its flags, its commands, its schema, and how to start it.
 * The wiring (the server's one list of factories) is the only code that names an app; the command
 * line adds each factory's flags and commands, the server starts each app with its options. Adding
 * an app is writing its factory and adding it to that list (docs/apps/README.md).
 */
public interface AppFactory {
  /** Lower-case and unique: the key of its options in the configuration. */
  String name();

  /** A new object holding the app's flags; parsing a command line fills it. */
  AppOptions.Flags flags();

  /**
   * The app's subcommands ({@code sinal <command> …}), picocli command objects; none by default.
   *
   * @param stored the secrets a server keeps in its data directory, for commands that act beside it
   */
  default List<Object> commands(StoredSecrets stored) {
    return List.of();
  }

  /**
   * Its tables: the migrations under {@code db/migration/<name>}, with their own Flyway history.
   */
  Migrations migrations();

  /**
   * Wires and starts the app. Blocks (class path, data directory, store): called while the server
   * starts.
   */
  App start(AppContext context);
}
