package io.sinal.session;

import io.sinal.hub.Cursor;
import io.sinal.hub.Outbound;
import io.sinal.hub.Publication;
import io.sinal.hub.Push;
import io.sinal.hub.StreamPosition;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The cursor of a stream session as its client will hold it: the entries of the cursor it came
 * with, in their order, whether subscribed or not (those are carried along unchanged); each
 * subscription's starting position; from there, what each item written moves. The moves are
 * applied, and the cursor formatted, only as the sink asks ({@link Positioned#cursor}): a poll
 * answering a hundred messages formats one cursor, not a hundred. Between writes it holds only the
 * positions (an SSE stream lasts hours), not the items. Owned by the session's event loop.
 */
final class StreamCursor {
  private final LinkedHashMap<String, StreamPosition> positions;

  /**
   * Items handed to the sink whose moves {@link #positions} does not hold yet, oldest first; else
   * null.
   */
  private Positioned head;

  private Positioned tail;
  private long written;

  /** The {@link Positioned#seq} of the last item whose move is applied. */
  private long applied;

  /** The stream's first item until it is written; null before and after. */
  private Push connected;

  private boolean opened;

  StreamCursor(LinkedHashMap<String, StreamPosition> cursor) {
    this.positions = cursor;
  }

  /** A subscription's starting position; before anything is written. */
  void start(String channel, StreamPosition position) {
    positions.put(channel, position);
  }

  boolean opening() {
    return !opened;
  }

  /** The stream's first item, naming every position it starts from; once every start is known. */
  Push connected(String client, long heartbeatMillis) {
    connected = Push.connected(client, heartbeatMillis, positions);
    opened = true;
    return connected;
  }

  /**
   * Replaces, in {@code batch} (the session's own, handed over), each item that moves a position.
   */
  List<Outbound> positioned(List<Outbound> batch) {
    for (int i = 0, n = batch.size(); i < n; i++) {
      Outbound item = batch.get(i);
      if (item instanceof Publication
          || item == connected
          || item instanceof Push p && p.position() != null) {
        Positioned positioned = new Positioned(item, this, ++written);
        if (tail == null) {
          head = positioned;
        } else {
          tail.next = positioned;
        }
        tail = positioned;
        batch.set(i, positioned);
      }
    }
    connected = null;
    return batch;
  }

  /**
   * The cursor once {@code item} is written: what every earlier item moved applied, nothing later.
   */
  String after(Positioned item) {
    if (item.seq < applied) {
      throw new IllegalStateException(
          "a stream's cursors are asked in the order its items were written");
    }
    while (applied < item.seq) {
      Positioned next = head;
      head = next.next;
      next.next = null;
      if (head == null) {
        tail = null;
      }
      move(next.item());
      applied = next.seq;
    }
    return Cursor.format(positions);
  }

  /**
   * The cursor after everything written so far; before anything, the one the stream starts from.
   */
  String current() {
    return tail == null ? Cursor.format(positions) : after(tail);
  }

  private void move(Outbound item) {
    if (item instanceof Publication p) {
      positions.put(p.channel(), p.position());
    } else if (item instanceof Push push && push.position() != null) {
      positions.put(push.channel(), push.position());
    }
  }
}
