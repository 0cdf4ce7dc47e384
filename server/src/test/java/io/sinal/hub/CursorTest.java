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
      assertThatThrownBy(() -> Cursor.parse(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              SinalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }
  }

  @Test
  void everyFieldIsCheckedStrictlyEvenOfChannelsNotSubscribed() {
    String[] bad = {
      "demo:o~x\nevent: paid\ndata: {}\n\nid: y~1", // the SSE injection of issue 12
      "demo:o~x\r~1",
      "demo:o~a b~1",
      "demo:o~é~1",
      "demo:o~" + "a".repeat(33) + "~1",
      "demo:o~e~+1",
      "demo:o~e~ 1",
      "demo:o~e~1 ",
      "demo:o~e~1\n",
      "demo:o~e~0x1",
      "demo:o~e~",
      "demo:o~e~99999999999999999999",
      "demo:o~e~1e3",
      "demo:\no~e~1",
      "~e~1",
    };
    for (String cursor : bad) {
      assertThatThrownBy(() -> Cursor.parse("demo:a~e~1," + cursor))
          .as(cursor)
          .isInstanceOfSatisfying(
              SinalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }
  }

  @Test
  void epochsOfEveryBrokerAreAccepted() {
    String epochs =
        StreamPosition.newEpoch() + "~1,b~" + "Az09_-".repeat(5) + "~0,c~k~9223372036854775807";
    assertThat(Cursor.parse("a~" + epochs)).hasSize(3);
  }
}
