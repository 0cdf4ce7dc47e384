package io.sinal.apps.chat;

import io.sinal.apps.App;
import io.sinal.apps.AppContext;
import io.sinal.apps.AppFactory;
import io.sinal.config.AppOptions;
import io.sinal.store.Migrations;
import java.util.Set;

/** The chat app (docs/apps/chat.md): flags {@code --chat-…}. */
public final class ChatFactory implements AppFactory {
  @Override
  public String name() {
    return "chat";
  }

  @Override
  public AppOptions.Flags flags() {
    return new ChatFlags();
  }

  /** Its versions of the old shared sequence: V3, V4, V6. */
  @Override
  public Migrations migrations() {
    return new Migrations(name(), Set.of(3, 4, 6));
  }

  @Override
  public App start(AppContext context) {
    return ChatApp.start(
        context.vertx(),
        context.hub(),
        context.store(),
        context.tokens(),
        context.options(ChatOptions.class),
        context.maxMessageSize(),
        context.clock());
  }
}
