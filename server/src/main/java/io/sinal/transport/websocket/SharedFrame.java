package io.sinal.transport.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sinal.hub.Outbound;

/**
 * The last single-item text frame written on one event loop, encoded once into a direct buffer: a
 * fan-out flush writes the same publication to every subscriber of the loop in a row, so each
 * socket gets a duplicate of the same bytes — no frame object, no encoding, no copy per subscriber.
 * Owned by the loop's thread; holds at most one frame.
 */
final class SharedFrame {
  private Outbound item;
  private ByteBuf frame;

  /**
   * A retained view of {@code item} as one unfragmented, unmasked text frame; the writer releases
   * it.
   */
  ByteBuf of(Outbound item) {
    if (item != this.item) {
      if (frame != null) {
        frame.release();
      }
      this.item = item;
      frame = encode(item.bytes());
    }
    return frame.retainedDuplicate();
  }

  static ByteBuf encode(byte[] payload) {
    int n = payload.length;
    ByteBuf out = Unpooled.directBuffer(n + (n < 126 ? 2 : n < 65536 ? 4 : 10));
    out.writeByte(0x81); // FIN, text
    if (n < 126) {
      out.writeByte(n);
    } else if (n < 65536) {
      out.writeByte(126).writeShort(n);
    } else {
      out.writeByte(127).writeLong(n);
    }
    return out.writeBytes(payload);
  }
}
