package io.sinal.apps.chat;

import io.sinal.apps.App;
import io.sinal.apps.Sweep;
import io.sinal.auth.Tokens;
import io.sinal.hub.Hub;
import io.sinal.hub.NamespaceOptions;
import io.sinal.store.Store;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Chat rooms (docs/apps/chat.md): the page at {@code /chat}, messages on {@code chat:<room>} stored
 * before they are delivered, typing on {@code chat-typing:<room>}, presence from the hub, and HTTP
 * routes for clients that cannot publish over a WebSocket.
 */
public final class ChatApp implements App {
  private static final Logger LOG = Logger.getLogger(ChatApp.class.getName());

  /**
   * Rooms: presence and client publishing, which the app needs; the default history for recovery.
   */
  static final NamespaceOptions ROOMS =
      NamespaceOptions.DEFAULT.withPresence(true).withClientPublish(true);

  /**
   * Typing: a short history, so a long-polling page still sees who typed between two polls, and a
   * short ttl, so a page reconnecting later is not told about typing long over.
   */
  static final NamespaceOptions TYPING =
      NamespaceOptions.DEFAULT.withHistory(10, Duration.ofSeconds(10)).withClientPublish(true);

  static final String PAGE = "web/chat/chat.html";

  /** How often messages past their retention are looked for, by the injected clock. */
  static final Duration RETENTION_EVERY = Duration.ofMinutes(1);

  private final Vertx vertx;
  private final ChatRoutes routes;
  private final long timer;

  private ChatApp(
      Vertx vertx, ChatRoutes routes, ChatService service, RoomNames names, Sweep retention) {
    this.vertx = vertx;
    this.routes = routes;
    this.timer =
        vertx.setPeriodic(
            1000,
            id -> {
              names.sweep();
              service.sweep();
              routes.sweep();
              retention.tick();
            });
  }

  /**
   * Wires the app and starts its timer; reads its page from the class path, so call it while
   * starting.
   */
  public static ChatApp start(
      Vertx vertx,
      Hub hub,
      Store store,
      Tokens tokens,
      ChatOptions options,
      int maxMessageSize,
      Clock clock) {
    namespace(hub, Room.NAMESPACE, ROOMS);
    namespace(hub, Room.TYPING_NAMESPACE, TYPING);
    RoomNames names = new RoomNames(hub, clock);
    ChatService service = new ChatService(store, names, options, maxMessageSize, clock);
    hub.guard(Room.NAMESPACE, service::acceptMessage);
    hub.guard(Room.TYPING_NAMESPACE, service::acceptTyping);
    RoomPresence presence = new RoomPresence(hub, options.maxLeases());
    Sweep retention =
        new Sweep(
            "chat retention",
            clock,
            RETENTION_EVERY,
            new MessageRetention(store, options.retention(), clock)::sweep);
    return new ChatApp(
        vertx,
        new ChatRoutes(hub, tokens, service, presence, names, clock, page()),
        service,
        names,
        retention);
  }

  /**
   * The operator may set a namespace's history, ttl and access; presence (rooms only) and client
   * publishing stay on, as the chat does not work without them.
   */
  private static void namespace(Hub hub, String name, NamespaceOptions defaults) {
    NamespaceOptions configured = hub.namespaces().get(name);
    if (configured == null) {
      hub.namespace(name, defaults);
      return;
    }
    NamespaceOptions needed =
        configured
            .withClientPublish(true)
            .withPresence(configured.presence() || defaults.presence());
    if (!needed.equals(configured)) {
      LOG.warning(
          "namespace '"
              + name
              + "': the chat needs client publishing"
              + (defaults.presence() ? " and presence" : "")
              + ", turned on");
    }
    hub.namespace(name, needed);
  }

  private static byte[] page() {
    try (InputStream in = ChatApp.class.getClassLoader().getResourceAsStream(PAGE)) {
      if (in == null) {
        throw new IllegalStateException(PAGE + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void install(Router router) {
    routes.install(router);
  }

  @Override
  public void close() {
    vertx.cancelTimer(timer);
  }
}
