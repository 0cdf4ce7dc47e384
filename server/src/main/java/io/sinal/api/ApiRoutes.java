package io.sinal.api;

import io.sinal.auth.ApiKey;
import io.sinal.http.HttpErrors;
import io.sinal.hub.ChannelName;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.Hub;
import io.sinal.hub.NodeStats;
import io.sinal.hub.Publication;
import io.sinal.hub.SinalException;
import io.sinal.protocol.CommandDispatcher;
import io.sinal.protocol.Replies;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * The server API under {@code /api}: what a backend uses to publish and inspect (docs/protocol.md).
 */
public final class ApiRoutes {
  /** Channels one broadcast may name. */
  static final int MAX_BROADCAST = 1000;

  private final Hub hub;
  private final ApiKey apiKey;
  private final NodeStats stats;
  private final int maxMessageSize;

  public ApiRoutes(Hub hub, ApiKey apiKey, NodeStats stats, int maxMessageSize) {
    this.hub = hub;
    this.apiKey = apiKey;
    this.stats = stats;
    this.maxMessageSize = maxMessageSize;
  }

  public void install(Router router) {
    router.route("/api/*").handler(this::authenticate);
    // The body may hold data of max size plus the envelope around it; a broadcast names many
    // channels.
    router
        .post("/api/*")
        .handler(BodyHandler.create(false).setBodyLimit(2L * maxMessageSize + 64 * 1024));
    router.post("/api/publish").handler(this::publish);
    router.post("/api/broadcast").handler(this::broadcast);
    router.get("/api/history").handler(this::history);
    router.get("/api/presence").handler(this::presence);
    router.get("/api/info").handler(this::info);
    router.route("/api/*").last().handler(ctx -> HttpErrors.status(ctx, 404));
  }

  private void authenticate(RoutingContext ctx) {
    if (apiKey.matches(ctx.request().getHeader("Authorization"))) {
      ctx.next();
    } else {
      HttpErrors.send(ctx, new SinalException(ErrorCode.UNAUTHORIZED, "missing or wrong API key"));
    }
  }

  private void publish(RoutingContext ctx) {
    try {
      JsonObject body = body(ctx);
      requireData(body);
      respond(
          ctx,
          hub.publish(string(body, "channel"), type(body), body.getValue("data"))
              .map(ApiRoutes::position));
    } catch (SinalException e) {
      HttpErrors.send(ctx, e);
    }
  }

  private void broadcast(RoutingContext ctx) {
    List<String> channels = new ArrayList<>();
    JsonObject body;
    String type;
    try {
      body = body(ctx);
      requireData(body);
      Object list = body.getValue("channels");
      if (!(list instanceof JsonArray array) || array.isEmpty()) {
        throw new SinalException(
            ErrorCode.BAD_REQUEST, "'channels' must be a non-empty list of channel names");
      }
      if (array.size() > MAX_BROADCAST) {
        throw new SinalException(
            ErrorCode.LIMIT_EXCEEDED, "at most " + MAX_BROADCAST + " channels per broadcast");
      }
      for (Object name : array) {
        if (!(name instanceof String s)) {
          throw new SinalException(ErrorCode.BAD_REQUEST, "'channels' must hold strings");
        }
        channels.add(s);
      }
      type = type(body);
    } catch (SinalException e) {
      HttpErrors.send(ctx, e);
      return;
    }
    List<Future<Publication>> published = hub.publishAll(channels, type, body.getValue("data"));
    List<Future<JsonObject>> results = new ArrayList<>(published.size());
    for (int i = 0; i < published.size(); i++) {
      String channel = channels.get(i);
      results.add(
          published
              .get(i)
              .map(ApiRoutes::position)
              .recover(
                  e ->
                      Future.succeededFuture(
                          new JsonObject()
                              .put("channel", channel)
                              .put("error", Replies.error(Replies.toSinal(e))))));
    }
    respond(
        ctx,
        Future.join(results)
            .map(all -> new JsonObject().put("results", new JsonArray(all.list()))));
  }

  private void history(RoutingContext ctx) {
    try {
      ChannelName channel = ChannelName.of(ctx.request().getParam("channel"));
      int limit = CommandDispatcher.limit(ctx.request().getParam("limit"));
      hub.history(channel, limit)
          .onSuccess(
              r ->
                  ctx.response()
                      .putHeader("content-type", "application/json")
                      .end(Replies.history(channel.value(), r)))
          .onFailure(e -> HttpErrors.send(ctx, e));
    } catch (SinalException e) {
      HttpErrors.send(ctx, e);
    }
  }

  private void presence(RoutingContext ctx) {
    try {
      ChannelName channel = ChannelName.of(ctx.request().getParam("channel"));
      respond(
          ctx,
          hub.presence(channel)
              .map(
                  clients -> {
                    JsonArray list = new JsonArray();
                    clients.forEach(c -> list.add(c.toJson()));
                    return new JsonObject().put("channel", channel.value()).put("clients", list);
                  }));
    } catch (SinalException e) {
      HttpErrors.send(ctx, e);
    }
  }

  private void info(RoutingContext ctx) {
    JsonObject info =
        new JsonObject()
            .put("node", hub.nodeId())
            .put(
                "connections",
                new JsonObject()
                    .put("websocket", stats.websocket())
                    .put("sse", stats.sse())
                    .put("poll", stats.poll()))
            .put("channels", stats.channels())
            .put("subscriptions", stats.subscriptions());
    ctx.response().putHeader("content-type", "application/json").end(info.encode());
  }

  private static JsonObject position(Publication p) {
    return Replies.position(p.channel(), p.position());
  }

  private static void respond(RoutingContext ctx, Future<JsonObject> result) {
    result
        .onSuccess(
            json -> ctx.response().putHeader("content-type", "application/json").end(json.encode()))
        .onFailure(e -> HttpErrors.send(ctx, e));
  }

  private static JsonObject body(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body == null) {
        throw new SinalException(ErrorCode.BAD_REQUEST, "a JSON object body is needed");
      }
      return body;
    } catch (DecodeException | ClassCastException e) {
      throw new SinalException(ErrorCode.BAD_REQUEST, "body is not a valid JSON object");
    }
  }

  private static void requireData(JsonObject body) {
    if (!body.containsKey("data")) {
      throw new SinalException(ErrorCode.BAD_REQUEST, "'data' is missing");
    }
  }

  private static String type(JsonObject body) {
    Object type = body.getValue("type");
    if (type == null) {
      return "message";
    }
    if (!(type instanceof String s)) {
      throw new SinalException(ErrorCode.BAD_REQUEST, "'type' must be a string");
    }
    return s;
  }

  private static String string(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      throw new SinalException(ErrorCode.BAD_REQUEST, "'" + field + "' is missing");
    }
    if (!(value instanceof String s)) {
      throw new SinalException(ErrorCode.BAD_REQUEST, "'" + field + "' must be a string");
    }
    return s;
  }
}
