package io.sinal.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.Main;
import io.sinal.Sinal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The apps are registered in one list ({@link Sinal#APPS}): no other main code names one, and an app
 * takes from {@code config} only the seam its options implement. (Read from the sources until the
 * layering is an ArchUnit test.)
 */
class AppListTest {
  private static final Path MAIN = Path.of("src/main/java");
  private static final Path WIRING = MAIN.resolve("io/sinal/Sinal.java");

  @Test
  void noMainCodeButTheAppListNamesAnApp() {
    List<String> apps = Sinal.APPS.stream().map(app -> app.getClass().getPackageName()).toList();
    assertThat(apps).as("one package per app").doesNotHaveDuplicates().hasSize(Sinal.APPS.size());
    for (String app : apps) {
      Path own = MAIN.resolve(app.replace('.', '/'));
      List<Path> naming = sources().filter(file -> !file.startsWith(own) && !file.equals(WIRING))
          .filter(file -> read(file).contains(app + ".")).toList();
      assertThat(naming).as("main code outside %s naming it", app).isEmpty();
    }
  }

  @Test
  void anAppTakesFromConfigOnlyTheSeamItsOptionsImplement() {
    Pattern config = Pattern.compile("io\\.sinal\\.config\\.(\\w+)");
    for (AppFactory app : Sinal.APPS) {
      Path own = MAIN.resolve(app.getClass().getPackageName().replace('.', '/'));
      sources().filter(file -> file.startsWith(own)).forEach(file -> {
        Matcher used = config.matcher(read(file));
        while (used.find()) {
          assertThat(used.group(1)).as("config type used by %s", file).isEqualTo("AppOptions");
        }
      });
    }
  }

  @Test
  void eachAppsNameKeysItsOptionsAndNamesItsTables() {
    List<String> names = Sinal.APPS.stream().map(AppFactory::name).toList();
    assertThat(names).doesNotHaveDuplicates();
    assertThat(Main.parse().apps().keySet()).containsExactlyElementsOf(names);
    for (AppFactory app : Sinal.APPS) {
      assertThat(app.migrations().app()).isEqualTo(app.name());
    }
  }

  private static Stream<Path> sources() {
    try {
      return Files.walk(MAIN).filter(file -> file.toString().endsWith(".java")).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
