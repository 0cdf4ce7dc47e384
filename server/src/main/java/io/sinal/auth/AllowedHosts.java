package io.sinal.auth;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which {@code Host} header values the server answers, against DNS rebinding: a page on {@code
 * evil.example} whose name its owner re-points at this server's address reaches it as a same-origin
 * page ({@code Host} equals {@code Origin}), key-less pages and all. As Vite's {@code
 * server.allowedHosts}: {@code localhost}, names under {@code .localhost} and IP literals are
 * always allowed (a rebinding attacker's page has a name, not an address); other names only when
 * configured, exactly or as {@code .example.com} (the name and every name under it); {@code *}
 * turns the check off. Requests without a Host header are not from a browser and are allowed.
 */
public final class AllowedHosts {
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+(%[0-9a-z._~-]+)?]");

  /** What {@code --allowed-host} takes: a DNS name, or a leading dot for a whole domain. */
  public static final Pattern NAME =
      Pattern.compile("\\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

  private final Set<String> names;
  private final List<String> domains;
  private final boolean any;

  /**
   * @param configured names from {@code --allowed-host}, lower case, validated against {@link
   *     #NAME} or {@code *}
   */
  public AllowedHosts(Collection<String> configured) {
    this.any = configured.contains("*");
    this.names = Set.copyOf(configured.stream().filter(n -> !n.startsWith(".")).toList());
    this.domains = configured.stream().filter(n -> n.startsWith(".")).toList();
  }

  /**
   * @param hostHeader the request's Host header (name or address, with or without a port), or null
   */
  public boolean allows(String hostHeader) {
    if (any || hostHeader == null) {
      return true;
    }
    String host = name(hostHeader);
    if (host.equals("localhost")
        || host.endsWith(".localhost")
        || IPV4.matcher(host).matches()
        || IPV6.matcher(host).matches()) {
      return true;
    }
    if (names.contains(host)) {
      return true;
    }
    for (String domain : domains) {
      if (host.endsWith(domain) || host.equals(domain.substring(1))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The host name of a Host header: lower case, without port or the final dot of a fully qualified
   * name.
   */
  public static String name(String hostHeader) {
    String host = hostHeader.trim().toLowerCase(Locale.ROOT);
    int colon = host.lastIndexOf(':');
    if (colon >= 0 && host.indexOf(']') < colon) {
      host = host.substring(0, colon);
    }
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }
}
