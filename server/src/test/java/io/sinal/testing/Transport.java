package io.sinal.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The four ways to follow a channel, each with its real client, for tests that run on all of them.
 */
public enum Transport {
  WEBSOCKET {
    @Override
    public Recording subscribe(Endpoint sinal, String channel, String cursor) {
      WsClient client = WsClient.connect(sinal);
      client.subscribe(channel, cursor);
      return client;
    }
  },
  SSE {
    @Override
    public Recording subscribe(Endpoint sinal, String channel, String cursor) {
      SseClient client =
          SseClient.open(
              sinal,
              "channel=" + enc(channel) + (cursor == null ? "" : "&cursor=" + enc(cursor)),
              null);
      client.nextPush("connected");
      return client;
    }
  },
  LONG_POLL {
    @Override
    public Recording subscribe(Endpoint sinal, String channel, String cursor) {
      return PollClient.start(sinal, "channel=" + enc(channel), cursor, 25);
    }
  },
  POLL {
    @Override
    public Recording subscribe(Endpoint sinal, String channel, String cursor) {
      return PollClient.start(sinal, "channel=" + enc(channel), cursor, 0);
    }
  };

  /**
   * A client following {@code channel} from {@code cursor} (null: from now), subscribed when this
   * returns.
   */
  public abstract Recording subscribe(Endpoint sinal, String channel, String cursor);

  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
