package io.sinal.protocol;

import io.sinal.hub.ErrorCode;
import io.sinal.hub.HistoryResult;
import io.sinal.hub.Outbound;
import io.sinal.hub.Push;
import io.sinal.hub.SinalException;
import io.sinal.hub.StreamPosition;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Encodes command replies and the JSON bodies shared by the WebSocket protocol and the HTTP API.
 */
public final class Replies {
  private Replies() {}

  public static Push result(long id, JsonObject result) {
    return Push.reply(new JsonObject().put("id", id).put("result", result));
  }

  public static Push error(long id, SinalException e) {
    return Push.reply(new JsonObject().put("id", id).put("error", error(e)));
  }

  /** {@code {"code","message"}}: an error as the wire and every HTTP error body carry it. */
  public static JsonObject error(SinalException e) {
    return error(e.code(), e.getMessage());
  }

  public static JsonObject error(ErrorCode code, String message) {
    return new JsonObject().put("code", code.code()).put("message", message);
  }

  /** Any failure as the protocol sees it: ours as is, anything else as an internal error. */
  public static SinalException toSinal(Throwable t) {
    return t instanceof SinalException s
        ? s
        : new SinalException(ErrorCode.INTERNAL, "internal error");
  }

  public static JsonObject position(String channel, StreamPosition position) {
    return position.toJson(channel);
  }

  /**
   * {@code {"channel","epoch","offset","publications":[envelope…]}}, envelopes copied as encoded.
   */
  public static Buffer history(String channel, HistoryResult result) {
    Buffer out = Buffer.buffer(256);
    out.appendString("{\"channel\":")
        .appendString(Json.encode(channel))
        .appendString(",\"epoch\":")
        .appendString(Json.encode(result.position().epoch()))
        .appendString(",\"offset\":")
        .appendString(Long.toString(result.position().offset()))
        .appendString(",\"publications\":");
    appendArray(out, result.publications());
    return out.appendString("}");
  }

  public static void appendArray(Buffer out, List<? extends Outbound> publications) {
    out.appendByte((byte) '[');
    for (int i = 0; i < publications.size(); i++) {
      if (i > 0) {
        out.appendByte((byte) ',');
      }
      out.appendBytes(publications.get(i).bytes());
    }
    out.appendByte((byte) ']');
  }
}
