package io.sinal.store;

import java.nio.file.Path;

/**
 * Where the application store lives: a JDBC URL for embedded H2 ({@code jdbc:h2:…}) or PostgreSQL
 * ({@code jdbc:postgresql:…}), and the credentials. The same migrations and SQL serve both.
 *
 * @param user empty for none (H2's default user)
 * @param password empty for none
 */
public record StoreOptions(String url, String user, String password) {
  /** Only these two databases are migrated and tested. */
  public static final String H2 = "jdbc:h2:";

  public static final String POSTGRESQL = "jdbc:postgresql:";

  public StoreOptions {
    if (!url.startsWith(H2) && !url.startsWith(POSTGRESQL)) {
      throw new IllegalArgumentException(
          "--db-url must start with " + H2 + " or " + POSTGRESQL + ", was " + redacted(url));
    }
    user = user == null ? "" : user;
    password = password == null ? "" : password;
  }

  /**
   * The default: an H2 file in the data directory. DB_CLOSE_ON_EXIT=FALSE leaves closing to the
   * server's own shutdown, which drains the pool first.
   */
  public static StoreOptions h2In(Path dataDir) {
    return new StoreOptions(
        H2 + "file:" + dataDir.toAbsolutePath().resolve("sinal") + ";DB_CLOSE_ON_EXIT=FALSE",
        "",
        "");
  }

  /** The URL with any {@code password=} parameter masked, for logs and error messages. */
  public static String redacted(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1****");
  }
}
