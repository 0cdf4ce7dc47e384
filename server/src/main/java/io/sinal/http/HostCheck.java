package io.sinal.http;

import io.sinal.auth.AllowedHosts;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.SinalException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses, before any route, a request whose Host is not allowed ({@link AllowedHosts}): 403, error
 * 106.
 */
public final class HostCheck implements Handler<RoutingContext> {
  private final AllowedHosts hosts;

  public HostCheck(AllowedHosts hosts) {
    this.hosts = hosts;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String host = ctx.request().getHeader("Host");
    if (hosts.allows(host)) {
      ctx.next();
      return;
    }
    String name = AllowedHosts.name(host);
    String shown =
        name.length() <= 100 && AllowedHosts.NAME.matcher(name).matches() ? name : "<name>";
    HttpErrors.send(
        ctx,
        new SinalException(
            ErrorCode.FORBIDDEN,
            "host '"
                + shown
                + "' is not allowed here; to serve it, start the server with --allowed-host "
                + shown));
  }
}
