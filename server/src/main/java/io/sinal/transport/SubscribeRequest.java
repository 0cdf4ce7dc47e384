package io.sinal.transport;

import io.sinal.auth.Tokens;
import io.sinal.hub.Identity;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;

/**
 * What an SSE or poll request asks for, as it came: the channels named, the cursor and the token.
 * Nothing here is checked; the session checks channels and cursor once ({@code
 * Session.subscribeAll}).
 *
 * @param cursor the {@code Last-Event-ID} header when present (what a reconnecting EventSource
 *     sends), else the {@code cursor} parameter; null for none
 * @param token the {@code token} parameter, else an {@code Authorization: Bearer} header; null for
 *     none
 */
public record SubscribeRequest(List<String> channels, String cursor, String token) {

  public static SubscribeRequest of(HttpServerRequest request) {
    String lastEventId = request.getHeader("Last-Event-ID");
    String cursor =
        lastEventId != null && !lastEventId.isEmpty() ? lastEventId : request.getParam("cursor");
    String token = request.getParam("token");
    String authorization = request.getHeader("Authorization");
    if (token == null
        && authorization != null
        && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = authorization.substring(7).trim();
    }
    return new SubscribeRequest(request.params().getAll("channel"), cursor, token);
  }

  /**
   * Who the token says the client is (anonymous without one); fails with {@code unauthorized} for a
   * bad one.
   */
  public Future<Identity> identity(Tokens tokens) {
    return token == null ? Future.succeededFuture(Identity.ANONYMOUS) : tokens.verify(token);
  }
}
