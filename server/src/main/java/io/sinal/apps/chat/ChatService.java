package io.sinal.apps.chat;

import io.sinal.apps.RateLimiter;
import io.sinal.hub.ChannelName;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.Identity;
import io.sinal.hub.SinalException;
import io.sinal.store.Store;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * What the chat accepts: the {@link io.sinal.hub.PublishGuard}s of its two namespaces, so every
 * client publication, over WebSocket or HTTP, passes the same rules, and the history read from the
 * store.
 *
 * <p>A message is stored before the guard returns it, and the hub publishes only what the guard
 * returns: so a message is never delivered without being stored. The reverse can happen — stored,
 * then the publish fails — and then it shows up in history only; the sender was told of the
 * failure.
 */
final class ChatService {
  private static final Logger LOG = Logger.getLogger(ChatService.class.getName());

  /**
   * Typing events per user: a burst of 3, then one a second; the page sends one every 2 s while
   * typing.
   */
  static final int TYPING_BURST = 3;

  static final Duration TYPING_WINDOW = Duration.ofSeconds(3);
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final Store store;
  private final RoomNames names;
  private final ChatOptions options;
  private final int maxMessageSize;
  private final Clock clock;
  private final RateLimiter messages;
  private final RateLimiter typing;

  ChatService(Store store, RoomNames names, ChatOptions options, int maxMessageSize, Clock clock) {
    this.store = store;
    this.names = names;
    this.options = options;
    this.maxMessageSize = maxMessageSize;
    this.clock = clock;
    this.messages = new RateLimiter(options.rateLimit(), ChatOptions.RATE_WINDOW, clock);
    this.typing = new RateLimiter(TYPING_BURST, TYPING_WINDOW, clock);
  }

  /**
   * The guard of {@code chat:<room>}: a chat user, type {@code message}, data {@code {"text"}} with
   * a text that is not empty nor too long, under a name nobody else has in the room, within the
   * user's rate. Completes with the stored message.
   */
  Future<Object> acceptMessage(Identity who, ChannelName channel, String type, Object data) {
    Room room;
    ChatUser author;
    String text;
    String clientId;
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    try {
      room = Room.of(channel);
      author = ChatUser.of(who.user());
      if (!"message".equals(type)) {
        throw new SinalException(
            ErrorCode.BAD_REQUEST,
            "chat rooms take type 'message' only, not '"
                + type
                + "'; typing goes to "
                + room.typingChannel());
      }
      text = text(data);
      clientId = clientId(data);
      checkSize(new Message(Long.MAX_VALUE, room.name(), author.id(), author.name(), text, now));
    } catch (SinalException e) {
      return Future.failedFuture(e);
    }
    return names
        .claim(room, author)
        .compose(
            named -> {
              long wait = messages.take(author.id());
              if (wait > 0) {
                return Future.failedFuture(
                    new SinalException(
                        ErrorCode.LIMIT_EXCEEDED,
                        "slow down: at most "
                            + options.rateLimit()
                            + " messages per "
                            + ChatOptions.RATE_WINDOW.toSeconds()
                            + " seconds; try again in "
                            + seconds(wait)));
              }
              return store(room, author, text, now, clientId);
            });
  }

  /** Stores an accepted message; completes with it as published. */
  private Future<Object> store(
      Room room, ChatUser author, String text, Instant now, String clientId) {
    Future<Message> stored;
    if (clientId == null) {
      stored = store.call(h -> MessageRepository.insert(h, room, author, text, now, null));
    } else {
      // A retry after a lost answer is stored once: the first send's message is the answer again
      // (and is
      // published again with its id, which the page already shows once). Two retries racing meet
      // the
      // unique index; the loser reads the winner's message.
      stored =
          store
              .call(
                  h ->
                      MessageRepository.byClientId(h, room, author, clientId)
                          .orElseGet(
                              () -> MessageRepository.insert(h, room, author, text, now, clientId)))
              .recover(
                  e ->
                      isDuplicate(e)
                          ? store.call(
                              h ->
                                  MessageRepository.byClientId(h, room, author, clientId)
                                      .orElseThrow())
                          : Future.failedFuture(e));
    }
    return stored
        .<Object>map(Message::toJson)
        .recover(
            e -> {
              LOG.warning("storing a message in room " + room.name() + " failed: " + e);
              return Future.failedFuture(
                  new SinalException(
                      ErrorCode.NOT_AVAILABLE,
                      "the message could not be stored, so it was not sent; try again"));
            });
  }

  /**
   * The guard of {@code chat-typing:<room>}: a chat user, type {@code typing}, within the typing
   * rate. The data sent is ignored: what is published names the user from the token, so nobody
   * types as someone else.
   */
  Future<Object> acceptTyping(Identity who, ChannelName channel, String type, Object data) {
    Room room;
    ChatUser user;
    try {
      room = Room.of(channel);
      user = ChatUser.of(who.user());
      if (!"typing".equals(type)) {
        throw new SinalException(
            ErrorCode.BAD_REQUEST, "typing channels take type 'typing' only, not '" + type + "'");
      }
    } catch (SinalException e) {
      return Future.failedFuture(e);
    }
    return names
        .claim(room, user)
        .compose(
            named -> {
              long wait = typing.take(user.id());
              if (wait > 0) {
                return Future.failedFuture(
                    new SinalException(
                        ErrorCode.LIMIT_EXCEEDED,
                        "typing sent too often; try again in " + seconds(wait)));
              }
              return Future.succeededFuture(
                  new JsonObject().put("user", user.id()).put("name", user.name()));
            });
  }

  /** {@code {"room","messages":[…oldest first],"more"}}: a page of the room's stored history. */
  Future<JsonObject> history(Room room, Long before, int limit) {
    return store
        .call(h -> MessageRepository.page(h, room, before, limit))
        .map(
            page -> {
              JsonArray list = new JsonArray();
              page.messages().forEach(m -> list.add(m.toJson()));
              return new JsonObject()
                  .put("room", room.name())
                  .put("messages", list)
                  .put("more", page.more());
            });
  }

  /** Forgets rate buckets that are full again; called every second. */
  void sweep() {
    messages.sweep();
    typing.sweep();
  }

  JsonObject limits() {
    return new JsonObject()
        .put("max_length", options.maxLength())
        .put("rate_limit", options.rateLimit())
        .put("rate_window_seconds", ChatOptions.RATE_WINDOW.toSeconds());
  }

  /** The text of {@code {"text": …}}, line ends made \n, trimmed, checked. */
  private String text(Object data) {
    if (!(data instanceof JsonObject json) || !(json.getValue("text") instanceof String raw)) {
      throw new SinalException(ErrorCode.BAD_REQUEST, "a chat message is {\"text\": \"…\"}");
    }
    String text = raw.replace("\r\n", "\n").replace('\r', '\n').strip();
    if (text.isEmpty()) {
      throw new SinalException(ErrorCode.BAD_REQUEST, "the message is empty");
    }
    int length = text.codePointCount(0, text.length());
    if (length > options.maxLength()) {
      throw new SinalException(
          ErrorCode.MESSAGE_TOO_LARGE,
          "the message is "
              + length
              + " characters, at most "
              + options.maxLength()
              + " are allowed");
    }
    if (text.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
      throw new SinalException(
          ErrorCode.BAD_REQUEST,
          "the message may not hold control characters other than newline and tab");
    }
    return text;
  }

  /** The sender's optional id of the message, {@code "clientId"}: 1 to 64 of A-Z a-z 0-9 _ -. */
  private static String clientId(Object data) {
    Object value = ((JsonObject) data).getValue("clientId");
    if (value == null) {
      return null;
    }
    if (!(value instanceof String id) || !CLIENT_ID.matcher(id).matches()) {
      throw new SinalException(
          ErrorCode.BAD_REQUEST, "clientId must be 1 to 64 characters of A-Z a-z 0-9 _ -");
    }
    return id;
  }

  /** A unique violation (SQL state 23505 on H2 and PostgreSQL) anywhere in the chain. */
  static boolean isDuplicate(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Refuses what the hub would refuse after storing: better not stored than stored and never sent.
   */
  private void checkSize(Message largest) {
    int bytes = largest.toJson().toBuffer().length();
    if (bytes > maxMessageSize) {
      throw new SinalException(
          ErrorCode.MESSAGE_TOO_LARGE,
          "the message is "
              + bytes
              + " bytes as JSON, this server publishes at most "
              + maxMessageSize);
    }
  }

  private static String seconds(long millis) {
    return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
