package io.sinal.apps.chat;

import io.sinal.apps.RateLimiter;
import io.sinal.auth.Tokens;
import io.sinal.http.HttpErrors;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.Hub;
import io.sinal.hub.Identity;
import io.sinal.hub.Publication;
import io.sinal.hub.SinalException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The chat's HTTP side (docs/apps/chat.md): the page, names, history, and sending, typing and
 * presence for clients on SSE or long polling. Sending goes through {@link Hub#clientPublish}, so
 * it passes the same guard as a WebSocket {@code publish}. Errors are the protocol's, mapped by
 * {@link HttpErrors}.
 */
final class ChatRoutes {
  /** A message of 2000 characters, each escaped as JSON at worst, fits. */
  static final long MAX_BODY = 64 * 1024;

  static final int DEFAULT_PAGE = 50;
  static final int MAX_PAGE = 100;

  /** How long a chosen name's token lasts; then the page asks for the name again. */
  static final Duration TOKEN_TTL = Duration.ofDays(7);

  /**
   * Names one address may take per minute: the per-user rate limit means little if users are free.
   */
  static final int SESSIONS_PER_MINUTE = 10;

  private final Hub hub;
  private final Tokens tokens;
  private final ChatService service;
  private final RoomPresence presence;
  private final RoomNames names;
  private final RateLimiter sessions;
  private final byte[] page;

  ChatRoutes(
      Hub hub,
      Tokens tokens,
      ChatService service,
      RoomPresence presence,
      RoomNames names,
      Clock clock,
      byte[] page) {
    this.hub = hub;
    this.tokens = tokens;
    this.service = service;
    this.presence = presence;
    this.names = names;
    this.sessions = new RateLimiter(SESSIONS_PER_MINUTE, Duration.ofMinutes(1), clock);
    this.page = page;
  }

  void install(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
    router.get("/chat").handler(this::page);
    // Any one segment without a dot is a room for the page, which explains a bad name itself; names
    // with a dot fall through to the static files (/chat/chat.js, /chat/chat.css).
    router.getWithRegex("/chat/[^/.]+").handler(this::page);
    router.post("/chat/session").handler(body).handler(this::session);
    router.post("/chat/rooms/:room/name").handler(body).handler(inRoom(200, this::claim));
    router.get("/chat/rooms/:room/messages").handler(inRoom(200, this::history));
    router.post("/chat/rooms/:room/messages").handler(body).handler(inRoom(201, this::send));
    router.post("/chat/rooms/:room/typing").handler(body).handler(inRoom(204, this::typing));
    router.get("/chat/rooms/:room/presence").handler(inRoom(200, this::online));
    router.post("/chat/rooms/:room/presence").handler(body).handler(inRoom(200, this::renew));
    router.delete("/chat/rooms/:room/presence/:client").handler(inRoom(204, this::leave));
  }

  /** Rate buckets of addresses that have not asked for names lately are dropped. */
  void sweep() {
    sessions.sweep();
  }

  /**
   * A route under {@code /chat/rooms/:room}: the room checked, then {@code action}'s answer sent
   * with {@code status} (204 sends no body), and any failure as the protocol's error.
   */
  private static Handler<RoutingContext> inRoom(int status, RoomAction action) {
    return ctx -> {
      Future<JsonObject> result;
      try {
        result = action.apply(ctx, Room.of(ctx.pathParam("room")));
      } catch (SinalException e) {
        result = Future.failedFuture(e);
      }
      result
          .onSuccess(
              json -> {
                if (status == 204) {
                  ctx.response().setStatusCode(204).end();
                } else {
                  json(ctx, status, json);
                }
              })
          .onFailure(e -> HttpErrors.send(ctx, e));
    };
  }

  /** What one room route does; may throw a {@link SinalException} for bad input. */
  @FunctionalInterface
  private interface RoomAction {
    Future<JsonObject> apply(RoutingContext ctx, Room room);
  }

  private void page(RoutingContext ctx) {
    ctx.response()
        .putHeader("content-type", "text/html; charset=utf-8")
        // a fresh Buffer per answer: one Buffer written from several event loops at once is not
        // safe
        .end(Buffer.buffer(page));
  }

  /** {@code {"name"}} → a token whose {@code sub} is the new user id, and the chat's limits. */
  private void session(RoutingContext ctx) {
    try {
      Object name = field(ctx, "name");
      ChatUser user = ChatUser.mint(name instanceof String s ? s : null);
      long wait = sessions.take(ctx.request().remoteAddress().hostAddress());
      if (wait > 0) {
        throw new SinalException(
            ErrorCode.LIMIT_EXCEEDED,
            "too many names from your address: at most "
                + SESSIONS_PER_MINUTE
                + " a minute; try again in "
                + (wait + 999) / 1000
                + " s");
      }
      List<String> grants = List.of(Room.NAMESPACE + ":*", Room.TYPING_NAMESPACE + ":*");
      JsonObject answer =
          new JsonObject()
              .put("token", tokens.mint(user.id(), grants, TOKEN_TTL))
              .put("user", user.id())
              .put("name", user.name())
              .put("expires_at", hub.clock().millis() + TOKEN_TTL.toMillis())
              .mergeIn(service.limits());
      json(ctx, 201, answer);
    } catch (SinalException e) {
      HttpErrors.send(ctx, e);
    }
  }

  private Future<JsonObject> history(RoutingContext ctx, Room room) {
    Long before = before(ctx.request().getParam("before"));
    int limit = limit(ctx.request().getParam("limit"));
    return readerIdentity(ctx)
        .map(who -> hub.checkSubscribe(who, room.channel()))
        .compose(ok -> service.history(room, before, limit));
  }

  /**
   * {@code {"text"[,"clientId"]}} → {@code {"message","channel","epoch","offset"}}, once stored and
   * published.
   */
  private Future<JsonObject> send(RoutingContext ctx, Room room) {
    Object body = body(ctx);
    return writerIdentity(ctx)
        .compose(who -> hub.clientPublish(who, room.channel().value(), "message", body))
        .map(ChatRoutes::published);
  }

  /**
   * Entering a room: the token's name becomes the user's there → {@code {"room","user","name"}}, or
   * 409.
   */
  private Future<JsonObject> claim(RoutingContext ctx, Room room) {
    return writerIdentity(ctx)
        .compose(
            who -> {
              hub.checkSubscribe(who, room.channel());
              ChatUser user = ChatUser.of(who.user());
              return names
                  .claim(room, user)
                  .map(
                      v ->
                          new JsonObject()
                              .put("room", room.name())
                              .put("user", user.id())
                              .put("name", user.name()));
            });
  }

  private Future<JsonObject> typing(RoutingContext ctx, Room room) {
    return writerIdentity(ctx)
        .compose(
            who -> hub.clientPublish(who, room.typingChannel().value(), "typing", new JsonObject()))
        .map(p -> null);
  }

  private Future<JsonObject> online(RoutingContext ctx, Room room) {
    return readerIdentity(ctx)
        .map(who -> hub.checkSubscribe(who, room.channel()))
        .compose(ok -> presence.online(room));
  }

  /**
   * {@code {"client"}} (absent the first time) → {@code {"client","ttl"}}: a polling page's
   * presence lease.
   */
  private Future<JsonObject> renew(RoutingContext ctx, Room room) {
    Object client = field(ctx, "client");
    return writerIdentity(ctx)
        .compose(
            who -> {
              hub.checkSubscribe(who, room.channel());
              ChatUser user = ChatUser.of(who.user());
              return names
                  .claim(room, user)
                  .compose(v -> presence.renew(user, room, client instanceof String s ? s : null));
            });
  }

  private Future<JsonObject> leave(RoutingContext ctx, Room room) {
    return writerIdentity(ctx)
        .compose(who -> presence.end(ChatUser.of(who.user()), room, ctx.pathParam("client")))
        .map(v -> null);
  }

  /** The token's identity; a writer must have one. */
  private Future<Identity> writerIdentity(RoutingContext ctx) {
    String token = bearer(ctx);
    if (token == null) {
      return Future.failedFuture(
          new SinalException(
              ErrorCode.UNAUTHORIZED,
              "no token: pick a name with POST /chat/session and send its token as 'Authorization: Bearer …'"));
    }
    return tokens.verify(token);
  }

  /** Readers may be anonymous, as on any transport: the namespace's access rule decides. */
  private Future<Identity> readerIdentity(RoutingContext ctx) {
    return bearer(ctx) == null ? Future.succeededFuture(Identity.ANONYMOUS) : writerIdentity(ctx);
  }

  private static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        ? header.substring(7).trim()
        : null;
  }

  /** The message as published, from the envelope the hub encoded. */
  private static JsonObject published(Publication p) {
    JsonObject envelope = new JsonObject(Buffer.buffer(p.bytes()));
    return new JsonObject()
        .put("message", envelope.getJsonObject("data"))
        .put("channel", p.channel())
        .put("epoch", p.epoch())
        .put("offset", p.offset());
  }

  static Long before(String value) {
    if (value == null) {
      return null;
    }
    if (!value.matches("\\d{1,18}")) {
      throw new SinalException(
          ErrorCode.BAD_REQUEST, "'before' must be a message id, was '" + cut(value) + "'");
    }
    return Long.parseLong(value);
  }

  static int limit(String value) {
    if (value == null) {
      return DEFAULT_PAGE;
    }
    if (!value.matches("\\d{1,3}")
        || Integer.parseInt(value) < 1
        || Integer.parseInt(value) > MAX_PAGE) {
      throw new SinalException(
          ErrorCode.BAD_REQUEST, "'limit' must be 1 to " + MAX_PAGE + ", was '" + cut(value) + "'");
    }
    return Integer.parseInt(value);
  }

  private static String cut(String value) {
    return value.length() > 20 ? value.substring(0, 20) + "…" : value;
  }

  /**
   * The body as a JSON value, null when empty. Whether it has the right shape is for the guard (a
   * message) or the route (a field) to say, in their own words.
   */
  private static Object body(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      return null;
    }
    try {
      return Json.decodeValue(body);
    } catch (DecodeException e) {
      throw new SinalException(ErrorCode.BAD_REQUEST, "the body is not valid JSON");
    }
  }

  /** A field of an object body; null when absent or when the body is not an object. */
  private static Object field(RoutingContext ctx, String name) {
    return body(ctx) instanceof JsonObject json ? json.getValue(name) : null;
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(body.encode());
  }
}
