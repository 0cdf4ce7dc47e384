package io.sinal.hub;

import java.util.List;

/**
 * Who is on a connection, from its token.
 *
 * @param user the token's {@code sub}; empty for anonymous connections
 * @param grants private channels the token grants: exact names or {@code ns:*}
 * @param expiresAt epoch millis after which the token is no longer valid; {@code Long.MAX_VALUE}
 *     for none
 */
public record Identity(String user, List<String> grants, long expiresAt) {
  public static final Identity ANONYMOUS = new Identity("", List.of(), Long.MAX_VALUE);

  public boolean grants(ChannelName channel) {
    for (String grant : grants) {
      if (grant.equals(channel.value())
          || (grant.endsWith(":*")
              && grant.regionMatches(0, channel.value(), 0, grant.length() - 1))) {
        return true;
      }
    }
    return false;
  }
}
