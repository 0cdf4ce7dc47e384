package io.sinal.apps.chat;

import static io.sinal.apps.chat.ChatClient.join;
import static io.sinal.apps.chat.ChatClient.nextPresence;
import static io.sinal.apps.chat.ChatClient.online;
import static io.sinal.apps.chat.ChatClient.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.apps.chat.ChatClient.Session;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chat clients trying to take more than their share, or to pass for someone else: refused, and everyone else still served. */
class ChatHardeningTest {
  @Test
  void oneUserMakingThousandsOfLeaseRequestsIsRefusedAloneAndOthersStillJoinAndAreSeen() {
    try (TestSinal sinal = TestSinal.start()) {
      Session flooder = session(sinal, "flood");
      Session watcher = session(sinal, "watcher");
      Session late = session(sinal, "late");
      try (WsClient w = join(sinal, watcher, "flood-0")) {
        List<String> granted = new ArrayList<>();
        int refused = 0;
        String refusal = null;
        for (int i = 0; i < 3000; i++) {
          HttpResponse<String> response = lease(sinal, flooder, "flood-" + i % 50, null);
          if (response.statusCode() == 200) {
            granted.add(new JsonObject(response.body()).getString("client"));
          } else {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
            refused++;
            refusal = new JsonObject(response.body()).getJsonObject("error").getString("message");
          }
        }
        assertThat(granted).hasSize(20).doesNotHaveDuplicates();
        assertThat(refused).isEqualTo(2980);
        assertThat(refusal).contains("you hold 20 presence leases already, at most 20");

        // renewing is not starting another: each of the twenty is still renewable
        for (String client : granted) {
          assertThat(lease(sinal, flooder, roomOf(granted, client), client).statusCode()).isEqualTo(200);
        }
        // someone else still gets a lease and is seen, and the flooder joined flood-0 once only
        HttpResponse<String> other = lease(sinal, late, "flood-0", null);
        assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
        assertThat(nextPresence(w, "join", flooder.user()).getString("client")).isEqualTo(granted.get(0));
        JsonObject next = w.next();
        assertThat(next.getString("push")).isEqualTo("join");
        assertThat(next.getString("user")).as("no second join of the flooder").isEqualTo(late.user());
        assertThat(online(sinal, "flood-0").getJsonArray("users").stream().map(u -> ((JsonObject) u).getString("name")))
            .containsExactly("flood", "late", "watcher");
      }
    }
  }

  @Test
  void aUserHoldsAFewLeasesInOneRoomAndTheyShareOnePresenceEntry() {
    try (TestSinal sinal = TestSinal.start()) {
      Session tabs = session(sinal, "tabs");
      Session watcher = session(sinal, "watcher");
      try (WsClient w = join(sinal, watcher, "tabs")) {
        List<String> granted = new ArrayList<>();
        for (int i = 0; i < RoomPresence.LEASES_PER_ROOM; i++) {
          HttpResponse<String> response = lease(sinal, tabs, "tabs", null);
          assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
          granted.add(new JsonObject(response.body()).getString("client"));
        }
        HttpResponse<String> sixth = lease(sinal, tabs, "tabs", null);
        assertThat(sixth.statusCode()).isEqualTo(429);
        assertThat(sixth.body()).contains("presence leases in room tabs already, at most 5");
        String entry = nextPresence(w, "join", tabs.user()).getString("client");
        assertThat(online(sinal, "tabs").getJsonArray("users").getJsonObject(0).getJsonArray("clients")).containsExactly(entry);

        // the entry stays while any lease holds it; the last one ends it with one leave
        for (String client : granted) {
          assertThat(sinal.request("DELETE", "/chat/rooms/tabs/presence/" + client, null, tabs.bearer()).statusCode()).isEqualTo(204);
        }
        assertThat(nextPresence(w, "leave", tabs.user()).getString("client")).isEqualTo(entry);
        assertThat(lease(sinal, tabs, "tabs", null).statusCode()).as("the budget came back").isEqualTo(200);
      }
    }
  }

  /** The room of the i-th lease granted: the first twenty requests went to rooms 0 to 19, one each. */
  private static String roomOf(List<String> granted, String client) {
    return "flood-" + granted.indexOf(client) % 50;
  }

  private static HttpResponse<String> lease(TestSinal sinal, Session who, String room, String client) {
    return sinal.request("POST", "/chat/rooms/" + room + "/presence",
        client == null ? null : new JsonObject().put("client", client).encode(), who.bearer());
  }
}
