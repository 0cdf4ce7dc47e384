package io.sinal.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CursorTest {
  @Test
  void roundTripsSeveralChannelsInOrder() {
    Map<String, StreamPosition> positions = new LinkedHashMap<>();
    positions.put("chat:room#1", new StreamPosition("abc", 7));
    positions.put("user:a@b.c", new StreamPosition("xyz", 0));
    String cursor = Cursor.format(positions);
    assertThat(cursor).isEqualTo("chat:room#1~abc~7,user:a@b.c~xyz~0");
    assertThat(Cursor.parse(cursor)).containsExactlyEntriesOf(positions);
  }

  @Test
  void emptyOrMissingIsNoPosition() {
    assertThat(Cursor.parse(null)).isEmpty();
    assertThat(Cursor.parse("")).isEmpty();
  }

  @Test
  void malformedEntriesAreBadRequests() {
    for (String bad : new String[] {"a~b", "a~b~c", "a~~1", "a b~e~1", "a~e~-2", ",", "a~e~1,"}) {
      assertThatThrownBy(() -> Cursor.parse(bad)).as(bad).isInstanceOfSatisfying(SinalException.class,
          e -> assertThat(e.code()).isIn(ErrorCode.BAD_REQUEST, ErrorCode.INVALID_CHANNEL));
    }
  }
}
