package io.sinal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sinal.apps.pix.PixError;
import io.sinal.apps.uploads.UploadError;
import io.sinal.hub.Disconnect;
import io.sinal.hub.ErrorCode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every area's codes stay in its range, and the docs list exactly the codes the server answers and
 * disconnects with.
 */
class ErrorCodesTest {
  enum Area {
    HUB(ErrorCode.class, "../docs/protocol.md", 100),
    PIX(PixError.class, "../docs/apps/pix.md", 200),
    UPLOADS(UploadError.class, "../docs/apps/uploads.md", 300);

    final Class<?> catalog;
    final String doc;
    final int first;

    Area(Class<?> catalog, String doc, int first) {
      this.catalog = catalog;
      this.doc = doc;
      this.first = first;
    }
  }

  @ParameterizedTest
  @EnumSource(Area.class)
  void anAreasCodesAreInItsRangeAndItsDocsTableListsEachWithItsStatusAndName(Area area)
      throws Exception {
    List<ErrorCode> codes = codes(area.catalog);
    assertThat(codes)
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.code()).isBetween(area.first, area.first + 99));
    Map<Integer, String> documented = new LinkedHashMap<>();
    table(Path.of(area.doc), "Errors")
        .forEach(
            row ->
                documented.put(
                    Integer.parseInt(row.get("code")),
                    row.get("HTTP") + " " + row.get("name").replace("`", "")));
    Map<Integer, String> defined = new LinkedHashMap<>();
    codes.forEach(c -> defined.put(c.code(), c.httpStatus() + " " + c.name()));
    assertThat(documented)
        .as(area.doc + ", \"Errors\"")
        .containsExactlyInAnyOrderEntriesOf(defined);
  }

  @Test
  void theDisconnectsTableListsEveryDisconnectCodeWithWhetherToReconnect() throws Exception {
    Map<Integer, String> defined = new LinkedHashMap<>();
    for (Field field : Disconnect.class.getDeclaredFields()) {
      if (field.getType() == Disconnect.class && Modifier.isStatic(field.getModifiers())) {
        Disconnect d = (Disconnect) field.get(null);
        assertThat(d.reconnect())
            .as("%s: 3000-3499 reconnect, 3500 and above do not", d)
            .isEqualTo(d.code() < 3500);
        defined.put(d.code(), d.reason() + (d.reconnect() ? " yes" : " no"));
      }
    }
    Map<Integer, String> documented = new LinkedHashMap<>();
    table(Path.of("../docs/protocol.md"), "Disconnects")
        .forEach(
            row ->
                documented.put(
                    Integer.parseInt(row.get("code")),
                    row.get("reason").replace("`", "")
                        + (row.get("reconnect").startsWith("yes") ? " yes" : " no")));
    assertThat(documented).containsExactlyInAnyOrderEntriesOf(defined);
  }

  @Test
  void aNumberAnotherAreaDefinedAlreadyCannotBeDefinedAgain() {
    assertThat(PixError.NOT_FOUND.code()).isEqualTo(204);
    assertThatThrownBy(() -> ErrorCode.define(204, 404, "missing"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("error code 204 is not_found already, not missing");
    assertThatThrownBy(() -> ErrorCode.define(99, 400, "too_low"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<ErrorCode> codes(Class<?> catalog) throws IllegalAccessException {
    List<ErrorCode> codes = new ArrayList<>();
    for (Field field : catalog.getDeclaredFields()) {
      if (field.getType() == ErrorCode.class && Modifier.isStatic(field.getModifiers())) {
        codes.add((ErrorCode) field.get(null));
      }
    }
    return codes;
  }

  /**
   * The rows of the tables in section {@code heading} whose first cell is a number, by column name.
   */
  private static List<Map<String, String>> table(Path doc, String heading) throws Exception {
    String text = Files.readString(doc);
    String section = text.substring(text.indexOf("\n## " + heading + "\n"));
    section = section.substring(0, section.indexOf("\n## ", 1));
    List<Map<String, String>> rows = new ArrayList<>();
    List<String> header = null;
    for (String line : section.split("\n")) {
      if (!line.startsWith("|")) {
        header = null;
        continue;
      }
      List<String> cells =
          Arrays.stream(line.substring(1, line.length() - 1).split("\\|"))
              .map(String::strip)
              .toList();
      if (header == null) {
        header = cells;
      } else if (cells.get(0).matches("\\d+")) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
          row.put(header.get(i), cells.get(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
