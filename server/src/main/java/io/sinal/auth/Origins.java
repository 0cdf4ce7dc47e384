package io.sinal.auth;

import java.net.URI;
import java.util.Set;

/**
 * Which browser origins may open WebSocket, SSE and poll connections: the server's own origin (when
 * its Host is an allowed one), localhost and 127.0.0.1 on any port, and the configured list.
 * Requests without an Origin header are not from a browser page and are allowed.
 */
public final class Origins {
  private final Set<String> allowed;
  private final AllowedHosts hosts;

  public Origins(Set<String> allowed, AllowedHosts hosts) {
    this.allowed = Set.copyOf(allowed);
    this.hosts = hosts;
  }

  /**
   * @param origin the request's Origin header, or null
   * @param host the request's Host header (host and port), or null
   */
  public boolean allows(String origin, String host) {
    if (origin == null) {
      return true;
    }
    if (allowed.contains("*") || allowed.contains(origin)) {
      return true;
    }
    URI uri;
    try {
      uri = new URI(origin);
    } catch (Exception e) {
      return false;
    }
    String originHost = uri.getHost();
    if (originHost == null) {
      return false;
    }
    if (originHost.equals("localhost")
        || originHost.equals("127.0.0.1")
        || originHost.equals("[::1]")) {
      return true;
    }
    // Host equal to Origin is also what a rebinding page sends: same origin only counts on an
    // allowed host.
    return host != null && hosts.allows(host) && host.equalsIgnoreCase(uri.getRawAuthority());
  }

  /**
   * Whether {@code origin} is the request's own (same scheme aside): no CORS headers are needed
   * then.
   */
  public boolean sameOrigin(String origin, String host) {
    try {
      return host != null && host.equalsIgnoreCase(new URI(origin).getRawAuthority());
    } catch (Exception e) {
      return false;
    }
  }
}
