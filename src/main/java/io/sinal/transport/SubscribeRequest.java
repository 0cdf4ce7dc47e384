package io.sinal.transport;

import io.sinal.auth.Origins;
import io.sinal.auth.Tokens;
import io.sinal.hub.ChannelName;
import io.sinal.hub.Cursor;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.Hub;
import io.sinal.hub.Identity;
import io.sinal.hub.SinalException;
import io.sinal.hub.StreamPosition;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * What an SSE or poll request asks for — channels, cursor, identity — checked in full before any byte
 * of the answer is written, so every refusal is a plain HTTP error.
 *
 * @param cursor every entry of the request's cursor, including channels not asked for (carried along)
 */
public record SubscribeRequest(List<ChannelName> channels, LinkedHashMap<String, StreamPosition> cursor, Identity identity) {

  public static Future<SubscribeRequest> parse(
      HttpServerRequest request, Hub hub, Tokens tokens, Origins origins, int maxChannels) {
    List<ChannelName> channels = new ArrayList<>();
    LinkedHashMap<String, StreamPosition> cursor;
    try {
      if (!origins.allows(request.getHeader("Origin"), request.getHeader("Host"))) {
        throw new SinalException(ErrorCode.FORBIDDEN, "origin not allowed");
      }
      List<String> names = request.params().getAll("channel");
      if (names.isEmpty()) {
        throw new SinalException(ErrorCode.BAD_REQUEST, "at least one 'channel' parameter is needed");
      }
      if (names.size() > maxChannels) {
        throw new SinalException(ErrorCode.LIMIT_EXCEEDED, "at most " + maxChannels + " channels per request");
      }
      for (String name : names) {
        ChannelName channel = ChannelName.of(name);
        if (!channels.contains(channel)) {
          channels.add(channel);
        }
      }
      String lastEventId = request.getHeader("Last-Event-ID");
      cursor = Cursor.parse(lastEventId != null && !lastEventId.isEmpty() ? lastEventId : request.getParam("cursor"));
    } catch (SinalException e) {
      return Future.failedFuture(e);
    }
    String token = request.getParam("token");
    String authorization = request.getHeader("Authorization");
    if (token == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = authorization.substring(7).trim();
    }
    Future<Identity> identity = token == null ? Future.succeededFuture(Identity.ANONYMOUS) : tokens.verify(token);
    return identity.map(
        who -> {
          for (ChannelName channel : channels) {
            hub.checkSubscribe(who, channel);
          }
          return new SubscribeRequest(List.copyOf(channels), cursor, who);
        });
  }
}
