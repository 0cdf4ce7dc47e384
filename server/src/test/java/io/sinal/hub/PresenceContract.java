package io.sinal.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sinal.hub.Lease.Outcome;
import io.sinal.testing.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Presence} must do (its javadoc): connections' entries, and leases with their
 * bounds and expiry on the {@link #clock}; run on each implementation by a subclass, without
 * sockets. Where presence is shared by several nodes, the subclass opens another node on the same
 * state.
 */
public abstract class PresenceContract {
  private static final ChannelName LOBBY = ChannelName.of("room:lobby");
  private static final ChannelName KITCHEN = ChannelName.of("room:kitchen");
  private static final Duration TTL = Duration.ofSeconds(30);
  private static final LeaseTerms TERMS = new LeaseTerms(TTL, 2, 3, 100);

  protected final TestClock clock = new TestClock();
  private Presence presence;

  /** A node's presence over empty state, reading {@link #clock}. */
  protected abstract Presence open() throws Exception;

  /** Another node's presence on the same state, or null where presence is one node's alone. */
  protected Presence openAnotherNode() throws Exception {
    return null;
  }

  /** Stops {@code node} the way a node dies: without removing its entries. */
  protected void stop(Presence node) throws Exception {}

  /** Removes what the test left where presence is kept. */
  protected void cleanUp() throws Exception {}

  @BeforeEach
  void openPresence() throws Exception {
    presence = open();
  }

  @AfterEach
  void cleanUpAfter() throws Exception {
    cleanUp();
  }

  @Test
  void addedClientsAreListedOnceInTheirChannelAndRemovedOnesAreNot() throws Exception {
    ClientInfo alice = new ClientInfo("c-1", "alice");
    ClientInfo bob = new ClientInfo("c-2", "bob");
    result(presence.add(LOBBY, alice));
    result(presence.add(LOBBY, alice));
    result(presence.add(LOBBY, bob));
    result(presence.add(KITCHEN, new ClientInfo("c-3", "carol")));
    assertThat(result(presence.get(LOBBY))).containsExactlyInAnyOrder(alice, bob);

    result(presence.remove(LOBBY, "c-1"));
    result(presence.remove(LOBBY, "c-unknown"));
    assertThat(result(presence.get(LOBBY))).containsExactly(bob);
    assertThat(result(presence.get(KITCHEN))).extracting(ClientInfo::user).containsExactly("carol");
    assertThat(result(presence.get(ChannelName.of("room:empty")))).isEmpty();
  }

  @Test
  void aLiveNodesClientsOutliveAnyTtl() throws Exception {
    ClientInfo alice = new ClientInfo("c-1", "alice");
    result(presence.add(LOBBY, alice));
    clock.advance(Duration.ofHours(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> result(presence.get(LOBBY)).contains(alice));
  }

  @Test
  void anotherNodeListsTheSameClientsAndADeadNodesVanishAfterTheTtl() throws Exception {
    Presence other = openAnotherNode();
    Assumptions.assumeTrue(other != null, "presence of one node");
    ClientInfo alice = new ClientInfo("c-1", "alice");
    ClientInfo bob = new ClientInfo("c-2", "bob");
    result(presence.add(LOBBY, alice));
    result(other.add(LOBBY, bob));
    assertThat(result(other.get(LOBBY))).containsExactlyInAnyOrder(alice, bob);

    stop(presence);
    clock.advance(Duration.ofHours(1));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> result(other.get(LOBBY)).equals(List.of(bob)));
  }

  @Test
  void aLeaseIsListedWhileRenewedAndEndsWithALeaveOnceItsTtlPassed() throws Exception {
    Lease lease = result(presence.lease(LOBBY, "alice", null, TERMS));
    assertThat(lease.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(lease.joined()).isEqualTo(new ClientInfo(lease.id(), "alice"));
    assertThat(result(presence.get(LOBBY))).containsExactly(lease.joined());

    clock.advance(Duration.ofSeconds(20));
    Lease renewed = result(presence.lease(LOBBY, "alice", lease.id(), TERMS));
    assertThat(renewed.outcome()).isEqualTo(Outcome.RENEWED);
    assertThat(renewed.id()).isEqualTo(lease.id());
    assertThat(renewed.joined()).as("no second join").isNull();
    clock.advance(Duration.ofSeconds(20));
    assertThat(result(presence.expireLeases(100))).as("renewed 20 s ago").isEmpty();
    assertThat(result(presence.get(LOBBY))).containsExactly(lease.joined());

    clock.advance(Duration.ofSeconds(11));
    assertThat(result(presence.get(LOBBY))).as("past its TTL, before any sweep").isEmpty();
    assertThat(result(presence.expireLeases(100)))
        .containsExactly(new Presence.Left(LOBBY, lease.joined()));
    assertThat(result(presence.expireLeases(100))).as("it leaves once").isEmpty();
  }

  @Test
  void aUsersLeasesInAChannelShareOneEntryThatLeavesWithTheLastOfThem() throws Exception {
    Lease first = result(presence.lease(LOBBY, "alice", null, TERMS));
    Lease second = result(presence.lease(LOBBY, "alice", null, TERMS));
    assertThat(second.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(second.joined()).as("the entry is there already").isNull();
    assertThat(result(presence.get(LOBBY))).containsExactly(new ClientInfo(first.id(), "alice"));

    assertThat(result(presence.endLease(LOBBY, "alice", first.id())))
        .as("still held by the second")
        .isNull();
    assertThat(result(presence.get(LOBBY))).containsExactly(new ClientInfo(first.id(), "alice"));
    assertThat(result(presence.endLease(LOBBY, "alice", second.id())))
        .isEqualTo(new ClientInfo(first.id(), "alice"));
    assertThat(result(presence.get(LOBBY))).isEmpty();
  }

  @Test
  void aSharedEntryLastsAsLongAsTheLeasesStillHoldingIt() throws Exception {
    Lease first = result(presence.lease(LOBBY, "alice", null, TERMS));
    clock.advance(Duration.ofSeconds(20));
    Lease later = result(presence.lease(LOBBY, "alice", null, TERMS));
    assertThat(result(presence.endLease(LOBBY, "alice", later.id()))).isNull();
    clock.advance(Duration.ofSeconds(11));
    assertThat(result(presence.get(LOBBY)))
        .as("the first lease, all that held it, expired")
        .isEmpty();
    assertThat(result(presence.expireLeases(100)))
        .containsExactly(new Presence.Left(LOBBY, first.joined()));
  }

  @Test
  void leasesAreBoundedPerUserInAChannelAcrossChannelsAndInAll() throws Exception {
    Lease kept = result(presence.lease(LOBBY, "alice", null, TERMS));
    result(presence.lease(LOBBY, "alice", null, TERMS));
    Lease third = result(presence.lease(LOBBY, "alice", null, TERMS));
    assertThat(third.outcome()).isEqualTo(Outcome.CHANNEL_FULL);
    assertThat(third.held()).isEqualTo(2);
    assertThat(third.id()).isNull();
    result(presence.lease(KITCHEN, "alice", null, TERMS));
    Lease fourth = result(presence.lease(ChannelName.of("room:attic"), "alice", null, TERMS));
    assertThat(fourth.outcome()).isEqualTo(Outcome.USER_FULL);
    assertThat(fourth.held()).isEqualTo(3);
    assertThat(result(presence.lease(LOBBY, "alice", kept.id(), TERMS)).outcome())
        .as("renewing is not one more")
        .isEqualTo(Outcome.RENEWED);

    LeaseTerms fourInAll = new LeaseTerms(TTL, 2, 3, 4);
    assertThat(result(presence.lease(LOBBY, "bob", null, fourInAll)).outcome())
        .isEqualTo(Outcome.STARTED);
    assertThat(result(presence.lease(LOBBY, "carol", null, fourInAll)).outcome())
        .isEqualTo(Outcome.ALL_FULL);
    assertThat(result(presence.get(LOBBY)))
        .extracting(ClientInfo::user)
        .containsExactlyInAnyOrder("alice", "bob");
  }

  @Test
  void expiredLeasesNoLongerCountAgainstTheUsersBoundsAndAreNotRevived() throws Exception {
    Lease old = result(presence.lease(LOBBY, "alice", null, TERMS));
    result(presence.lease(LOBBY, "alice", null, TERMS));
    clock.advance(TTL.plusSeconds(1));
    Lease again = result(presence.lease(LOBBY, "alice", old.id(), TERMS));
    assertThat(again.outcome()).as("a new lease, not the expired one").isEqualTo(Outcome.STARTED);
    assertThat(again.id()).isNotEqualTo(old.id());
    assertThat(result(presence.lease(LOBBY, "alice", null, TERMS)).outcome())
        .isEqualTo(Outcome.STARTED);
    assertThat(result(presence.get(LOBBY))).extracting(ClientInfo::user).containsExactly("alice");

    clock.advance(TTL.plusSeconds(1));
    result(presence.expireLeases(100));
    Lease fresh = result(presence.lease(LOBBY, "alice", null, TERMS));
    assertThat(fresh.joined())
        .as("after the sweep, a new entry that joins")
        .isEqualTo(new ClientInfo(fresh.id(), "alice"));
  }

  @Test
  void aLeaseIsOnlyItsOwnersToRenewOrEndAndOnlyInItsChannel() throws Exception {
    Lease alices = result(presence.lease(LOBBY, "alice", null, TERMS));
    assertThat(result(presence.lease(LOBBY, "bob", alices.id(), TERMS)).outcome())
        .isEqualTo(Outcome.NOT_YOURS);
    assertThat(result(presence.lease(KITCHEN, "alice", alices.id(), TERMS)).outcome())
        .isEqualTo(Outcome.NOT_YOURS);
    assertThat(result(presence.endLease(LOBBY, "bob", alices.id()))).isNull();
    assertThat(result(presence.endLease(KITCHEN, "alice", alices.id()))).isNull();
    assertThat(result(presence.get(LOBBY))).containsExactly(alices.joined());
    assertThat(result(presence.get(KITCHEN))).isEmpty();
  }

  @Test
  void aLeaseMadeOnOneNodeIsListedByAnotherAndExpiresThereLeavingOnce() throws Exception {
    Presence other = openAnotherNode();
    Assumptions.assumeTrue(other != null, "presence of one node");
    Lease lease = result(presence.lease(LOBBY, "alice", null, TERMS));
    assertThat(result(other.get(LOBBY))).containsExactly(lease.joined());
    assertThat(result(other.lease(LOBBY, "alice", null, TERMS)).joined())
        .as("one entry in the cluster")
        .isNull();
    assertThat(result(other.lease(LOBBY, "alice", null, TERMS)).outcome())
        .as("bounded in the cluster")
        .isEqualTo(Outcome.CHANNEL_FULL);

    clock.advance(TTL.plusSeconds(1));
    assertThat(result(other.get(LOBBY))).isEmpty();
    assertThat(result(other.expireLeases(100)))
        .containsExactly(new Presence.Left(LOBBY, lease.joined()));
    assertThat(result(presence.expireLeases(100)))
        .as("every node sweeps; the entry left once")
        .isEmpty();
  }

  protected static <T> T result(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
