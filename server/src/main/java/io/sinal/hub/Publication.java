package io.sinal.hub;

import io.vertx.core.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * One message in a channel's stream. {@link #bytes()} is the envelope {@code
 * {"channel","offset","epoch","type","data","ts"}}, encoded once at publish time and written as is
 * to every subscriber on every transport.
 */
public record Publication(
    String channel, long offset, String epoch, String type, long ts, byte[] bytes)
    implements Outbound {

  /** Builds the envelope around {@code dataJson}, which must be compact JSON (no raw newline). */
  public static Publication encode(
      String channel, long offset, String epoch, String type, String dataJson, long ts) {
    StringBuilder envelope =
        new StringBuilder(dataJson.length() + channel.length() + type.length() + 96);
    envelope.append("{\"channel\":");
    quote(envelope, channel);
    envelope.append(",\"offset\":").append(offset).append(",\"epoch\":");
    quote(envelope, epoch);
    envelope.append(",\"type\":");
    quote(envelope, type);
    envelope.append(",\"data\":").append(dataJson).append(",\"ts\":").append(ts).append('}');
    return new Publication(
        channel, offset, epoch, type, ts, envelope.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Appends {@code s} as a JSON string. Channel names, epochs and types are validated to characters
   * that need no escape, so this is a copy between quotes; anything else goes through Jackson.
   */
  private static void quote(StringBuilder out, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c > 0x7e) {
        out.append(Json.encode(s));
        return;
      }
    }
    out.append('"').append(s).append('"');
  }

  public StreamPosition position() {
    return new StreamPosition(epoch, offset);
  }

  @Override
  public String event() {
    return type;
  }
}
