package io.sinal.apps.chat;

import io.sinal.apps.App;
import io.sinal.apps.AppContext;
import io.sinal.apps.AppFactory;
import io.sinal.config.AppOptions;

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

  @Override
  public App start(AppContext context) {
    return ChatApp.start(context.vertx(), context.hub(), context.store(), context.tokens(),
        context.options(ChatOptions.class), context.maxMessageSize(), context.clock());
  }
}
