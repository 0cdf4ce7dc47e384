package io.sinal.protocol;

import io.sinal.auth.Tokens;
import io.sinal.hub.ChannelName;
import io.sinal.hub.ClientInfo;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.Hub;
import io.sinal.hub.Identity;
import io.sinal.hub.Push;
import io.sinal.hub.SinalException;
import io.sinal.session.PublishRate;
import io.sinal.session.Session;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the commands of a bidirectional connection (docs/protocol.md, "Commands") against its
 * session. Every command gets exactly one reply with its id; a command that cannot be understood
 * gets an error reply and the connection stays open.
 */
public final class CommandDispatcher {
  private static final Logger LOG = Logger.getLogger(CommandDispatcher.class.getName());

  private final Hub hub;
  private final Tokens tokens;
  private final long heartbeatMillis;
  private final PublishRate publishRate;

  /**
   * {@code heartbeatMillis} is told to clients in the connect reply: silence longer than two means
   * a dead link.
   */
  public CommandDispatcher(Hub hub, Tokens tokens, long heartbeatMillis, PublishRate publishRate) {
    this.hub = hub;
    this.tokens = tokens;
    this.heartbeatMillis = heartbeatMillis;
    this.publishRate = publishRate;
  }

  /** Handles one command frame; on the session's event loop. */
  public void handle(Session session, String frame) {
    long id = 0;
    try {
      JsonObject command;
      try {
        command = new JsonObject(frame);
      } catch (DecodeException | ClassCastException e) {
        throw new SinalException(
            ErrorCode.BAD_REQUEST, "malformed command: expected one JSON object");
      }
      id = id(command);
      dispatch(session, id, command);
    } catch (SinalException e) {
      session.enqueue(Replies.error(id, e));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "command failed on " + session.id(), e);
      session.enqueue(Replies.error(id, Replies.toSinal(e)));
    }
  }

  private static long id(JsonObject command) {
    Object id = command.getValue("id");
    if (!(id instanceof Number n) || n.longValue() <= 0 || n.doubleValue() != n.longValue()) {
      throw new SinalException(ErrorCode.BAD_REQUEST, "command 'id' must be a positive integer");
    }
    return n.longValue();
  }

  private void dispatch(Session session, long id, JsonObject command) {
    String cmd = string(command, "cmd", true);
    switch (cmd) {
      case "connect" -> connect(session, id, command);
      case "subscribe" -> subscribe(session, id, command);
      case "unsubscribe" -> {
        session.unsubscribe(channel(command).value());
        session.enqueue(Replies.result(id, new JsonObject()));
      }
      case "publish" -> publish(session, id, command);
      case "presence" -> presence(session, id, command);
      case "history" -> history(session, id, command);
      case "ping" -> session.enqueue(Replies.result(id, new JsonObject()));
      case "refresh" -> refresh(session, id, command);
      default ->
          throw new SinalException(
              ErrorCode.UNKNOWN_COMMAND,
              "unknown command '"
                  + cmd
                  + "'; known are connect, refresh, subscribe, unsubscribe, publish, presence, history, ping");
    }
  }

  private void connect(Session session, long id, JsonObject command) {
    if (!session.markConnected()) {
      throw new SinalException(
          ErrorCode.BAD_REQUEST, "connect must be the first command and sent once");
    }
    String token = string(command, "token", false);
    if (token == null) {
      session.enqueue(Replies.result(id, connected(session)));
      return;
    }
    session.onLoop(
        tokens.verify(token),
        ar -> {
          if (ar.failed()) {
            session.enqueue(Replies.error(id, Replies.toSinal(ar.cause())));
            return;
          }
          session.identity(ar.result());
          session.enqueue(Replies.result(id, connected(session)));
        });
  }

  private JsonObject connected(Session session) {
    ClientInfo info = session.clientInfo();
    return new JsonObject()
        .put("client", info.client())
        .put("user", info.user())
        .put("node", hub.nodeId())
        .put("heartbeat", heartbeatMillis)
        .put("expires", expires(session.identity()));
  }

  /**
   * A new token for the open connection, sent before the old one expires: the connection goes on
   * with the new expiry, no reconnect. It must name the same user, and grant every channel
   * subscribed now (else the old token stays, and the client resubscribes after it reconnects with
   * the new one).
   */
  private void refresh(Session session, long id, JsonObject command) {
    String token = string(command, "token", true);
    session.onLoop(
        tokens.verify(token),
        ar -> {
          try {
            if (ar.failed()) {
              throw Replies.toSinal(ar.cause());
            }
            Identity next = ar.result();
            if (!next.user().equals(session.identity().user())) {
              throw new SinalException(
                  ErrorCode.FORBIDDEN,
                  "a refreshed token must be for the same user ('"
                      + session.identity().user()
                      + "'); to change users, connect again");
            }
            for (ChannelName channel : session.channels()) {
              hub.checkSubscribe(next, channel);
            }
            session.identity(next);
            session.enqueue(Replies.result(id, new JsonObject().put("expires", expires(next))));
          } catch (SinalException e) {
            session.enqueue(Replies.error(id, e));
          }
        });
  }

  private static Long expires(Identity identity) {
    return identity.expiresAt() == Long.MAX_VALUE ? null : identity.expiresAt();
  }

  private void subscribe(Session session, long id, JsonObject command) {
    session
        .subscribe(id, string(command, "channel", true), string(command, "cursor", false))
        .onFailure(e -> session.enqueue(Replies.error(id, Replies.toSinal(e))));
  }

  private void publish(Session session, long id, JsonObject command) {
    // First: every publish command counts, whatever becomes of it, so that none is work for free.
    session.takePublish(publishRate);
    ChannelName channel = channel(command);
    if (!command.containsKey("data")) {
      throw new SinalException(ErrorCode.BAD_REQUEST, "publish needs 'data'");
    }
    String type = string(command, "type", false);
    session.onLoop(
        hub.clientPublish(
            session.identity(),
            channel.value(),
            type == null ? "message" : type,
            command.getValue("data")),
        ar ->
            session.enqueue(
                ar.succeeded()
                    ? Replies.result(id, Replies.position(channel.value(), ar.result().position()))
                    : Replies.error(id, Replies.toSinal(ar.cause()))));
  }

  private void presence(Session session, long id, JsonObject command) {
    ChannelName channel = channel(command);
    hub.checkSubscribe(session.identity(), channel);
    session.onLoop(
        hub.presence(channel),
        ar -> {
          if (ar.failed()) {
            session.enqueue(Replies.error(id, Replies.toSinal(ar.cause())));
            return;
          }
          JsonArray clients = new JsonArray();
          ar.result().forEach(c -> clients.add(c.toJson()));
          session.enqueue(
              Replies.result(
                  id, new JsonObject().put("channel", channel.value()).put("clients", clients)));
        });
  }

  private void history(Session session, long id, JsonObject command) {
    ChannelName channel = channel(command);
    int limit = limit(command.getValue("limit"));
    hub.checkSubscribe(session.identity(), channel);
    session.onLoop(
        hub.history(channel, limit),
        ar -> {
          if (ar.failed()) {
            session.enqueue(Replies.error(id, Replies.toSinal(ar.cause())));
            return;
          }
          Buffer reply = Buffer.buffer("{\"id\":" + id + ",\"result\":");
          reply.appendBuffer(Replies.history(channel.value(), ar.result())).appendString("}");
          session.enqueue(new Push(null, null, null, reply.getBytes()));
        });
  }

  /** A history or poll limit: 1 to 1000, default 100. */
  public static int limit(Object value) {
    if (value == null) {
      return 100;
    }
    long n;
    if (value instanceof Number num && num.doubleValue() == num.longValue()) {
      n = num.longValue();
    } else if (value instanceof String s && s.matches("\\d{1,9}")) {
      n = Long.parseLong(s);
    } else {
      throw new SinalException(ErrorCode.BAD_REQUEST, "limit must be an integer from 1 to 1000");
    }
    if (n < 1 || n > 1000) {
      throw new SinalException(
          ErrorCode.BAD_REQUEST, "limit must be an integer from 1 to 1000, was " + n);
    }
    return (int) n;
  }

  private static ChannelName channel(JsonObject command) {
    return ChannelName.of(string(command, "channel", true));
  }

  private static String string(JsonObject command, String field, boolean required) {
    Object value = command.getValue(field);
    if (value == null) {
      if (required) {
        throw new SinalException(ErrorCode.BAD_REQUEST, "'" + field + "' is missing");
      }
      return null;
    }
    if (!(value instanceof String s)) {
      throw new SinalException(ErrorCode.BAD_REQUEST, "'" + field + "' must be a string");
    }
    return s;
  }
}
