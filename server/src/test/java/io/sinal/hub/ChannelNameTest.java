package io.sinal.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChannelNameTest {
  @Test
  void namespaceIsBeforeTheFirstColon() {
    assertThat(ChannelName.of("chat:room:1").namespace()).isEqualTo("chat");
    assertThat(ChannelName.of("chat:room:1").rest()).isEqualTo("room:1");
    assertThat(ChannelName.of("news").namespace()).isEmpty();
    assertThat(ChannelName.of("a-Z_0.9@x#y:z").value()).isEqualTo("a-Z_0.9@x#y:z");
  }

  @Test
  void rejectsEmptyTooLongAndForbiddenCharacters() {
    assertThat(ChannelName.of("x".repeat(255)).value()).hasSize(255);
    for (String bad :
        new String[] {"", "x".repeat(256), "a b", "a/b", "a~b", "a,b", "ç", "a\nb", "<script>"}) {
      assertThatThrownBy(() -> ChannelName.of(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              SinalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CHANNEL));
    }
  }
}
