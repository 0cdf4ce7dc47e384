package io.sinal.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.Main;
import io.sinal.Sinal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The apps are registered in one list ({@link Sinal#APPS}), each under its own name for its options
 * and its tables. That no other code names an app, and that an app takes from {@code config} only
 * the seam its options implement, is held by {@link io.sinal.ArchitectureTest}.
 */
class AppListTest {
  @Test
  void eachAppsNameKeysItsOptionsAndNamesItsTables() {
    List<String> names = Sinal.APPS.stream().map(AppFactory::name).toList();
    assertThat(names).doesNotHaveDuplicates();
    assertThat(Main.parse().apps().keySet()).containsExactlyElementsOf(names);
    for (AppFactory app : Sinal.APPS) {
      assertThat(app.migrations().app()).isEqualTo(app.name());
    }
  }
}
