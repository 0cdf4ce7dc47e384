package io.sinal.apps.pix;

import io.sinal.apps.App;
import io.sinal.apps.AppContext;
import io.sinal.apps.AppFactory;
import io.sinal.apps.StoredSecrets;
import io.sinal.config.AppOptions;
import io.sinal.store.Migrations;
import java.util.List;
import java.util.Set;

/** The PIX app (docs/apps/pix.md): flags {@code --pix-…}, the command {@code sinal pix pay}. */
public final class PixFactory implements AppFactory {
  @Override
  public String name() {
    return "pix";
  }

  @Override
  public AppOptions.Flags flags() {
    return new PixFlags();
  }

  @Override
  public List<Object> commands(StoredSecrets stored) {
    return List.of(new PixCommand(stored));
  }

  /** Its versions of the old shared sequence: V1. */
  @Override
  public Migrations migrations() {
    return new Migrations(name(), Set.of(1));
  }

  @Override
  public App start(AppContext context) {
    return PixApp.start(
        context.vertx(),
        context.hub(),
        context.store(),
        context.options(PixOptions.class),
        context.secret(PixOptions.SECRET_KEY),
        context.clock());
  }
}
