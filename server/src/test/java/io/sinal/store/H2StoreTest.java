package io.sinal.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2StoreTest extends StoreContract {
  @TempDir Path dir;

  @Override
  protected TestStore open() {
    return TestStore.h2(dir);
  }

  @Test
  void anUnreachableDatabaseFailsNamingTheUrlWithItsPasswordMasked() {
    StoreOptions unreachable =
        new StoreOptions("jdbc:postgresql://127.0.0.1:1/nothing?password=hunter2", "x", "");
    assertThatThrownBy(() -> Store.open(db.vertx(), unreachable, TestStore.APPS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/nothing?password=****")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void onlyH2AndPostgresqlAreAccepted() {
    assertThatThrownBy(() -> new StoreOptions("jdbc:mysql://db/shop", "", ""))
        .hasMessageContaining("--db-url")
        .hasMessageContaining("jdbc:mysql://db/shop");
  }
}
