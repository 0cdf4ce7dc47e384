package io.sinal.hub;

import io.vertx.core.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * One message in a channel's stream. {@link #bytes()} is the envelope
 * {@code {"channel","offset","epoch","type","data","ts"}}, encoded once at publish time and written as
 * is to every subscriber on every transport.
 */
public record Publication(String channel, long offset, String epoch, String type, long ts, byte[] bytes)
    implements Outbound {

  /** Builds the envelope around {@code dataJson}, which must be compact JSON (no raw newline). */
  public static Publication encode(
      String channel, long offset, String epoch, String type, String dataJson, long ts) {
    String envelope =
        "{\"channel\":" + Json.encode(channel)
            + ",\"offset\":" + offset
            + ",\"epoch\":" + Json.encode(epoch)
            + ",\"type\":" + Json.encode(type)
            + ",\"data\":" + dataJson
            + ",\"ts\":" + ts
            + "}";
    return new Publication(
        channel, offset, epoch, type, ts, envelope.getBytes(StandardCharsets.UTF_8));
  }

  public StreamPosition position() {
    return new StreamPosition(epoch, offset);
  }

  @Override
  public String event() {
    return type;
  }
}
