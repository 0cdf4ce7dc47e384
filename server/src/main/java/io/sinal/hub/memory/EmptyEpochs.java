package io.sinal.hub.memory;

import io.sinal.hub.StreamPosition;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The epoch of a channel {@link MemoryBroker} holds nothing for. A read of such a channel answers
 * (epoch, 0) and stores nothing, so the epoch must be the same on every read: it is the node's
 * epoch, shared by all channels, and the channel's first publication continues that position
 * (offset 1).
 *
 * <p>Forgetting a channel that published in the epoch its group answers would let its offsets be
 * given again, to other messages, under the same epoch: a client holding (epoch, 57) would miss
 * them. So the group gets a fresh epoch first; its channels without state answer the new one (their
 * pollers, at offset 0, get one honest reset). Channels fall in 4096 groups by name, so one
 * forgotten channel disturbs few others; forgetting happens only past {@code --max-idle-channels}.
 */
final class EmptyEpochs {
  private static final int GROUPS = 4096;

  private volatile String node = StreamPosition.newEpoch();

  /** Null where the group still answers {@link #node}. */
  private final AtomicReferenceArray<String> groups = new AtomicReferenceArray<>(GROUPS);

  String of(String channel) {
    String epoch = groups.get(group(channel));
    return epoch != null ? epoch : node;
  }

  /** {@code channel}, last in {@code epoch}, is being forgotten; call before it leaves the map. */
  void forget(String channel, String epoch) {
    int group = group(channel);
    String set = groups.get(group);
    if (epoch.equals(set != null ? set : node)) {
      // A failed swap means another forget already gave the group a fresh epoch, which will do.
      groups.compareAndSet(group, set, StreamPosition.newEpoch());
    }
  }

  private static int group(String channel) {
    int h = channel.hashCode();
    return (h ^ (h >>> 16)) & (GROUPS - 1);
  }

  /**
   * The snapshot's first line: a clean restart keeps these, so pollers at offset 0 are not reset.
   */
  JsonObject toJson() {
    JsonObject changed = new JsonObject();
    for (int i = 0; i < GROUPS; i++) {
      String epoch = groups.get(i);
      if (epoch != null) {
        changed.put(String.valueOf(i), epoch);
      }
    }
    return new JsonObject().put("emptyEpoch", node).put("groups", changed);
  }

  static boolean isHeader(JsonObject line) {
    return line.containsKey("emptyEpoch");
  }

  /** Loads a {@link #toJson} line; before the broker is used. */
  void restore(JsonObject saved) {
    node = saved.getString("emptyEpoch");
    saved
        .getJsonObject("groups", new JsonObject())
        .forEach(e -> groups.set(Integer.parseInt(e.getKey()), (String) e.getValue()));
  }
}
