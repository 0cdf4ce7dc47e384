package io.sinal.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One benchmark run, as {@code sinal bench} was asked for it. Everything is bounded: counts here,
 * and every phase by {@link #connectTimeout} or {@link #drainTimeout}.
 *
 * @param url the server's base URL; loopback only
 * @param channels channels the subscribers are spread over, round robin (1: everyone on one
 *     channel)
 * @param messages publication rounds; each round publishes one message on every channel
 * @param rate rounds per second; 0 publishes the next round as soon as the last one is answered
 * @param publish with a rate: {@code OPEN} fires each round on schedule whatever the server answers
 *     (no coordinated omission: a server that falls behind gets its backlog), {@code CLOSED} keeps
 *     one round in flight, sending the next on schedule or once the last is answered, whichever is
 *     later (the server sets the pace)
 * @param sources how many 127.0.0.x source addresses the connections come from (ephemeral ports are
 *     per address)
 * @param serverPid the server process to measure, or 0 for none
 * @param publishUrl where publications go: {@code url}, or another node of the same cluster
 * @param gcLog the server's GC log, to count the pauses of the run; null for none
 */
public record BenchPlan(
    URI url,
    URI publishUrl,
    Target target,
    String transport,
    int subscribers,
    int channels,
    int messages,
    double rate,
    Publish publish,
    int ramp,
    int sources,
    Duration pollInterval,
    int pollWait,
    Duration idle,
    Duration connectTimeout,
    Duration drainTimeout,
    long serverPid,
    boolean heap,
    String apiKey,
    String channelPrefix,
    int clientLoops,
    Path json,
    Path html,
    List<Path> compareWith,
    Path gcLog) {

  /** The server driven: Sinal, or one of the peers of bench/ speaking their own protocol. */
  public enum Target {
    SINAL,
    NCHAN,
    NODE_WS,
    UWS
  }

  /** The load model, with a rate (see {@code publish} above). */
  public enum Publish {
    OPEN,
    CLOSED
  }

  public static final List<String> TRANSPORTS = List.of("ws", "sse", "longpoll", "poll");

  public BenchPlan {
    String host = url.getHost();
    if (!host.startsWith("127.") && !host.equals("localhost")) {
      throw new IllegalArgumentException("--url must be on loopback (127.0.0.0/8), not " + host);
    }
    if (!TRANSPORTS.contains(transport)) {
      throw new IllegalArgumentException(
          "--transport must be one of " + TRANSPORTS + ", was " + transport);
    }
    if ((target == Target.NODE_WS || target == Target.UWS) && !transport.equals("ws")
        || target == Target.NCHAN && !List.of("ws", "sse").contains(transport)) {
      throw new IllegalArgumentException(
          target + " is driven over ws" + (target == Target.NCHAN ? " or sse" : "") + " only");
    }
    if (subscribers < 1 || subscribers > 100_000 || channels < 1 || channels > subscribers) {
      throw new IllegalArgumentException(
          "need 1 to 100000 subscribers and 1 to that many channels");
    }
    if (messages < 0 || messages > 1_000_000 || (long) messages * subscribers > 100_000_000L) {
      throw new IllegalArgumentException(
          "--messages times --subscribers is capped at 100 million deliveries");
    }
    if (sources < 1 || sources > 250 || ramp < 1 || rate < 0 || clientLoops < 1) {
      throw new IllegalArgumentException(
          "--sources 1..250, --ramp >= 1, --rate >= 0, --client-loops >= 1");
    }
    if (target == Target.SINAL && messages > 0 && (apiKey == null || apiKey.isBlank())) {
      throw new IllegalArgumentException("publishing to Sinal needs --api-key (or SINAL_API_KEY)");
    }
  }

  /** The i-th source address: 127.0.0.2, 127.0.0.3, … */
  String source(int i) {
    return "127.0.0." + (2 + i % sources);
  }

  String channel(int i) {
    return channelPrefix + (i % channels);
  }

  /** Deliveries a run with no loss makes. */
  long expected() {
    return (long) subscribers * messages;
  }
}
