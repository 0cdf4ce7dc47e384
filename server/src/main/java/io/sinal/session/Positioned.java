package io.sinal.session;

import io.sinal.hub.Outbound;

/**
 * An item of a stream session ({@link Session#subscribeAll}) that moves the stream's position — a
 * publication, a reset — or opens it ({@code connected}), as its sink gets it: the item itself, and
 * the cursor of the whole stream once it is written, which is what an SSE {@code id:} line or a
 * poll answer's {@code cursor} carries. Only stream sessions make these: a WebSocket's sink gets
 * the items themselves, shared by every subscriber.
 */
public final class Positioned implements Outbound {
  private final Outbound item;
  private final StreamCursor stream;

  /** Its place among the stream's items, from 1. */
  final long seq;

  /** The next item of the stream whose move is not applied yet; kept by {@link StreamCursor}. */
  Positioned next;

  Positioned(Outbound item, StreamCursor stream, long seq) {
    this.item = item;
    this.stream = stream;
    this.seq = seq;
  }

  /** The publication, the reset or the {@code connected} push. */
  public Outbound item() {
    return item;
  }

  @Override
  public byte[] bytes() {
    return item.bytes();
  }

  @Override
  public String event() {
    return item.event();
  }

  /**
   * The stream's cursor once this item is written: every entry of the cursor the client came with,
   * subscribed or carried along unchanged, at its latest position. Formatted when asked, so ask the
   * items of a stream in the order they were written; skipping some is fine (a poll asks only its
   * last), going back is not.
   *
   * @throws IllegalStateException when a later item's cursor was asked already
   */
  public String cursor() {
    return stream.after(this);
  }
}
