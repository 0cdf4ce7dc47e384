package io.sinal.apps.uploads;

import io.sinal.apps.App;
import io.sinal.apps.AppContext;
import io.sinal.apps.AppFactory;
import io.sinal.config.AppOptions;
import io.sinal.store.Migrations;
import java.util.Set;

/**
 * The uploads app (docs/apps/uploads.md): flags {@code --uploads-…}, files under {@code
 * <data-dir>/uploads}.
 */
public final class UploadsFactory implements AppFactory {
  @Override
  public String name() {
    return "uploads";
  }

  @Override
  public AppOptions.Flags flags() {
    return new UploadsFlags();
  }

  /** Its versions of the old shared sequence: V2, V5. */
  @Override
  public Migrations migrations() {
    return new Migrations(name(), Set.of(2, 5));
  }

  @Override
  public App start(AppContext context) {
    return UploadsApp.start(
        context.vertx(),
        context.hub(),
        context.store(),
        context.options(UploadsOptions.class),
        context.dataDir(),
        context.clock());
  }
}
