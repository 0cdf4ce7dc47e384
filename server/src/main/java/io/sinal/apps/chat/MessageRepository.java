package io.sinal.apps.chat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The SQL of chat messages, run by {@link ChatService} inside the store's units of work. Portable
 * SQL: the same statements run on H2 and PostgreSQL.
 */
final class MessageRepository {
  private MessageRepository() {}

  /**
   * Stores a message and returns it with the id the database gave it. {@code clientId} is the
   * sender's own id for it, or null; a second insert with the same room, author and client id fails
   * with a unique violation (SQL state 23505), see {@link #byClientId}.
   */
  static Message insert(
      Handle h, Room room, ChatUser author, String text, Instant ts, String clientId) {
    long id =
        h.createUpdate(
                "INSERT INTO chat_message (room, author_id, author_name, body, created_at, client_id)"
                    + " VALUES (:room, :authorId, :authorName, :body, :createdAt, :clientId)")
            .bind("room", room.name())
            .bind("authorId", author.id())
            .bind("authorName", author.name())
            .bind("body", text)
            .bind("createdAt", ts)
            .bind("clientId", clientId)
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    return new Message(id, room.name(), author.id(), author.name(), text, ts);
  }

  /** The message {@code author} already sent to {@code room} with {@code clientId}, if any. */
  static Optional<Message> byClientId(Handle h, Room room, ChatUser author, String clientId) {
    return h.createQuery(
            "SELECT id, room, author_id, author_name, body, created_at FROM chat_message"
                + " WHERE room = :room AND author_id = :authorId AND client_id = :clientId")
        .bind("room", room.name())
        .bind("authorId", author.id())
        .bind("clientId", clientId)
        .map((rs, ctx) -> message(rs))
        .findOne();
  }

  /**
   * Up to {@code limit} messages of a room with an id below {@code before} (the newest when null),
   * oldest first, and whether older ones remain.
   */
  static Page page(Handle h, Room room, Long before, int limit) {
    List<Message> newestFirst =
        h.createQuery(
                "SELECT id, room, author_id, author_name, body, created_at FROM chat_message"
                    + " WHERE room = :room AND id < :before ORDER BY id DESC LIMIT :limit")
            .bind("room", room.name())
            .bind("before", before == null ? Long.MAX_VALUE : before)
            // one more than asked, to know whether there is more
            .bind("limit", limit + 1)
            .map((rs, ctx) -> message(rs))
            .list();
    boolean more = newestFirst.size() > limit;
    List<Message> page =
        new ArrayList<>(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
    Collections.reverse(page);
    return new Page(page, more);
  }

  /**
   * Deletes up to {@code limit} messages stored before {@code cutoff}, oldest first; returns how
   * many.
   */
  static int deleteOlderThan(Handle h, Instant cutoff, int limit) {
    List<Long> ids =
        h.createQuery(
                "SELECT id FROM chat_message WHERE created_at < :cutoff ORDER BY created_at LIMIT :limit")
            .bind("cutoff", cutoff)
            .bind("limit", limit)
            .mapTo(Long.class)
            .list();
    return ids.isEmpty()
        ? 0
        : h.createUpdate("DELETE FROM chat_message WHERE id IN (<ids>)")
            .bindList("ids", ids)
            .execute();
  }

  private static Message message(ResultSet rs) throws SQLException {
    return new Message(
        rs.getLong("id"),
        rs.getString("room"),
        rs.getString("author_id"),
        rs.getString("author_name"),
        rs.getString("body"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }

  /** A page of history, oldest first; {@code more} when older messages exist. */
  record Page(List<Message> messages, boolean more) {}
}
