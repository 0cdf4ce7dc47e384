package io.sinal.apps.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sinal.apps.chat.MessageRepository.Page;
import io.sinal.store.RepositoryContract;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The chat's SQL round-trips the same on every database the store runs on: H2 and PostgreSQL. */
abstract class ChatRepositoryContract extends RepositoryContract {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123Z");
  private static final Room LOBBY = new Room("lobby");
  private static final ChatUser ALICE = new ChatUser("Zoë 😀#abc123", "Zoë 😀");

  @Test
  void aMessageReadsBackExactlyAsStoredWithTheIdTheDatabaseGaveIt() throws Exception {
    String text = "<script>alert('x')</script>\nline two\t— ünïcödé 😀";
    Message stored = run(h -> MessageRepository.insert(h, LOBBY, ALICE, text, NOW, null));
    assertThat(stored.id()).isPositive();
    Page page = run(h -> MessageRepository.page(h, LOBBY, null, 10));
    assertThat(page.messages()).containsExactly(stored);
    assertThat(page.messages().get(0).ts()).isEqualTo(NOW);
    assertThat(page.more()).isFalse();
  }

  @Test
  void theLongestMessageFitsEvenWhenEveryCharacterIsAnEmoji() throws Exception {
    String longest = "😀".repeat(ChatOptions.MAX_LENGTH_LIMIT);
    run(h -> MessageRepository.insert(h, LOBBY, ALICE, longest, NOW, null));
    assertThat(run(h -> MessageRepository.page(h, LOBBY, null, 1)).messages().get(0).text())
        .isEqualTo(longest);
  }

  @Test
  void deletingOlderThanACutoffTakesOnlyOlderMessagesInRoundsOfTheLimit() throws Exception {
    for (int i = 0; i < 3; i++) {
      run(h -> MessageRepository.insert(h, LOBBY, ALICE, "old", NOW, null));
    }
    run(h -> MessageRepository.insert(h, new Room("other"), ALICE, "old elsewhere", NOW, null));
    Message kept =
        run(
            h ->
                MessageRepository.insert(
                    h, LOBBY, ALICE, "at the cutoff", NOW.plusSeconds(60), null));
    Instant cutoff = NOW.plusSeconds(60);

    assertThat(deleteOlderThan(cutoff, 3)).isEqualTo(3);
    assertThat(deleteOlderThan(cutoff, 3)).isEqualTo(1);
    assertThat(deleteOlderThan(cutoff, 3)).isZero();
    assertThat(run(h -> MessageRepository.page(h, LOBBY, null, 10)).messages())
        .containsExactly(kept);
    assertThat(run(h -> MessageRepository.page(h, new Room("other"), null, 10)).messages())
        .isEmpty();
  }

  private int deleteOlderThan(Instant cutoff, int limit) throws Exception {
    return run(h -> MessageRepository.deleteOlderThan(h, cutoff, limit));
  }

  @Test
  void pagesGoBackwardsByIdOldestFirstAndStayInTheirRoom() throws Exception {
    List<Long> ids = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      String text = "m" + i;
      ids.add(
          run(h -> MessageRepository.insert(h, LOBBY, ALICE, text, NOW.plusSeconds(1), null)).id());
      run(h -> MessageRepository.insert(h, new Room("other"), ALICE, "elsewhere", NOW, null));
    }
    assertThat(ids).isSorted().doesNotHaveDuplicates();

    Page newest = run(h -> MessageRepository.page(h, LOBBY, null, 2));
    assertThat(texts(newest)).containsExactly("m4", "m5");
    assertThat(newest.more()).isTrue();
    Page before = run(h -> MessageRepository.page(h, LOBBY, ids.get(3), 2));
    assertThat(texts(before)).containsExactly("m2", "m3");
    Page last = run(h -> MessageRepository.page(h, LOBBY, ids.get(1), 2));
    assertThat(texts(last)).containsExactly("m1");
    assertThat(last.more()).isFalse();
    assertThat(run(h -> MessageRepository.page(h, LOBBY, ids.get(0), 2)).messages()).isEmpty();
    assertThat(run(h -> MessageRepository.page(h, new Room("empty"), null, 2)).messages())
        .isEmpty();
  }

  @Test
  void aClientIdIsUniquePerRoomAndAuthorAndFindsTheMessageAgain() throws Exception {
    Message first = run(h -> MessageRepository.insert(h, LOBBY, ALICE, "once", NOW, "c-1"));
    Optional<Message> found = run(h -> MessageRepository.byClientId(h, LOBBY, ALICE, "c-1"));
    assertThat(found).contains(first);
    assertThatThrownBy(
            () -> run(h -> MessageRepository.insert(h, LOBBY, ALICE, "twice", NOW, "c-1")))
        .satisfies(
            e ->
                assertThat(ChatService.isDuplicate(e))
                    .as("a unique violation, SQL state 23505")
                    .isTrue());
    // The same client id is someone else's in another room or from another author; no id never
    // collides.
    run(h -> MessageRepository.insert(h, new Room("other"), ALICE, "elsewhere", NOW, "c-1"));
    run(
        h ->
            MessageRepository.insert(
                h, LOBBY, new ChatUser("bob#def456", "bob"), "bob's", NOW, "c-1"));
    run(h -> MessageRepository.insert(h, LOBBY, ALICE, "no id", NOW, null));
    run(h -> MessageRepository.insert(h, LOBBY, ALICE, "no id either", NOW, null));
    assertThat(texts(run(h -> MessageRepository.page(h, LOBBY, null, 10))))
        .containsExactly("once", "bob's", "no id", "no id either");
    Optional<Message> none = run(h -> MessageRepository.byClientId(h, LOBBY, ALICE, "c-2"));
    assertThat(none).isEmpty();
  }

  private static List<String> texts(Page page) {
    return page.messages().stream().map(Message::text).toList();
  }
}
