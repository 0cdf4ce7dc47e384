package io.sinal.hub.memory;

import io.sinal.hub.ChannelName;
import io.sinal.hub.ClientInfo;
import io.sinal.hub.Lease;
import io.sinal.hub.LeaseTerms;
import io.sinal.hub.Presence;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The leases of {@link MemoryPresence} (the contract is {@link io.sinal.hub.Presence}'s). Shared by
 * every event loop: everything is guarded by {@code this}, a few map operations per call but for
 * {@link #expire}, which walks the leases (at most {@link LeaseTerms#total}) once a second.
 */
final class MemoryLeases {
  private record Held(ChannelName channel, String user, long expiresAt) {}

  /** The entry one user's leases in one channel share, and those leases with their expiry. */
  private static final class Entry {
    final ClientInfo client;
    final Map<String, Long> leases = new HashMap<>();

    Entry(ClientInfo client) {
      this.client = client;
    }

    long count(long now) {
      return leases.values().stream().filter(expiresAt -> expiresAt > now).count();
    }
  }

  private final Clock clock;
  private final Map<String, Held> leases = new HashMap<>();

  /** Channel → user → the entry their leases there share. */
  private final Map<String, Map<String, Entry>> entries = new HashMap<>();

  /** User → the ids of their leases, in every channel. */
  private final Map<String, Set<String>> byUser = new HashMap<>();

  MemoryLeases(Clock clock) {
    this.clock = clock;
  }

  synchronized List<ClientInfo> present(ChannelName channel) {
    long now = clock.millis();
    List<ClientInfo> present = new ArrayList<>();
    entries
        .getOrDefault(channel.value(), Map.of())
        .values()
        .forEach(
            e -> {
              if (e.count(now) > 0) {
                present.add(e.client);
              }
            });
    return present;
  }

  synchronized Lease lease(ChannelName channel, String user, String leaseId, LeaseTerms terms) {
    long now = clock.millis();
    long expiresAt = now + terms.ttl().toMillis();
    Held old = leaseId == null ? null : leases.get(leaseId);
    if (old != null && !(old.channel.equals(channel) && old.user.equals(user))) {
      return new Lease(Lease.Outcome.NOT_YOURS, null, 0, null);
    }
    Entry entry = entries.getOrDefault(channel.value(), Map.of()).get(user);
    if (old != null && old.expiresAt > now) {
      leases.put(leaseId, new Held(channel, user, expiresAt));
      entry.leases.put(leaseId, expiresAt);
      return new Lease(Lease.Outcome.RENEWED, leaseId, (int) entry.count(now), null);
    }
    int here = entry == null ? 0 : (int) entry.count(now);
    if (here >= terms.perChannel()) {
      return new Lease(Lease.Outcome.CHANNEL_FULL, null, here, null);
    }
    Set<String> mine = byUser.getOrDefault(user, Set.of());
    int held = (int) mine.stream().filter(id -> leases.get(id).expiresAt > now).count();
    if (held >= terms.perUser()) {
      return new Lease(Lease.Outcome.USER_FULL, null, held, null);
    }
    if (leases.size() >= terms.total()) {
      return new Lease(Lease.Outcome.ALL_FULL, null, leases.size(), null);
    }
    String id = Lease.newId();
    ClientInfo joined = null;
    if (entry == null) {
      entry = new Entry(new ClientInfo(id, user));
      entries.computeIfAbsent(channel.value(), c -> new HashMap<>()).put(user, entry);
      joined = entry.client;
    }
    entry.leases.put(id, expiresAt);
    leases.put(id, new Held(channel, user, expiresAt));
    byUser.computeIfAbsent(user, u -> new HashSet<>()).add(id);
    return new Lease(Lease.Outcome.STARTED, id, here + 1, joined);
  }

  synchronized ClientInfo end(ChannelName channel, String user, String leaseId) {
    Held held = leases.get(leaseId);
    return held == null || !held.channel.equals(channel) || !held.user.equals(user)
        ? null
        : drop(leaseId, held);
  }

  synchronized List<Presence.Left> expire(int budget) {
    long now = clock.millis();
    List<String> due = new ArrayList<>();
    for (Map.Entry<String, Held> e : leases.entrySet()) {
      if (e.getValue().expiresAt <= now && due.size() < budget) {
        due.add(e.getKey());
      }
    }
    List<Presence.Left> left = new ArrayList<>();
    for (String id : due) {
      Held held = leases.get(id);
      ClientInfo gone = drop(id, held);
      if (gone != null) {
        left.add(new Presence.Left(held.channel, gone));
      }
    }
    return left;
  }

  /** Forgets a lease; returns its entry when it was the last lease holding it, else null. */
  private ClientInfo drop(String id, Held held) {
    leases.remove(id);
    byUser.computeIfPresent(held.user, (u, ids) -> ids.remove(id) && ids.isEmpty() ? null : ids);
    Map<String, Entry> inChannel = entries.get(held.channel.value());
    Entry entry = inChannel.get(held.user);
    entry.leases.remove(id);
    if (!entry.leases.isEmpty()) {
      return null;
    }
    inChannel.remove(held.user);
    if (inChannel.isEmpty()) {
      entries.remove(held.channel.value());
    }
    return entry.client;
  }
}
