package io.sinal.auth;

import io.sinal.hub.ErrorCode;
import io.sinal.hub.Identity;
import io.sinal.hub.SinalException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connection tokens: HS256 JWTs whose {@code sub} is the user id, {@code exp} (seconds) ends the
 * identity — at connect and, through {@link Identity#expiresAt()}, for the rest of the connection —
 * and the optional {@code channels} claim lists private channels granted (exact names or {@code
 * ns:*}).
 */
public final class Tokens {
  private final JWTAuth auth;
  private final LongAdder failures = new LongAdder();

  public Tokens(Vertx vertx, String secret) {
    this.auth =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
  }

  /**
   * The identity a token carries; fails with {@code unauthorized} for a bad, forged or expired
   * token.
   */
  public Future<Identity> verify(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(new SinalException(ErrorCode.UNAUTHORIZED, "token is missing"));
    }
    Future<User> user;
    try {
      user = auth.authenticate(new TokenCredentials(token));
    } catch (RuntimeException e) {
      // JWTAuth reads exp, iat and nbf as numbers once the signature is checked, outside its own
      // error
      // handling: a signed token with a string there throws here instead of failing the future.
      user =
          Future.failedFuture(
              e instanceof ClassCastException
                  ? new SinalException(
                      ErrorCode.UNAUTHORIZED,
                      "token 'exp', 'iat' and 'nbf' must be numbers (seconds since 1970)")
                  : e);
    }
    return user.map(Tokens::toIdentity)
        .recover(
            e -> {
              failures.increment();
              return Future.failedFuture(
                  e instanceof SinalException
                      ? e
                      : new SinalException(ErrorCode.UNAUTHORIZED, "invalid or expired token"));
            });
  }

  /** Tokens refused since start. */
  public long failures() {
    return failures.sum();
  }

  private static Identity toIdentity(User user) {
    JsonObject claims = user.principal();
    Object sub = claims.getValue("sub");
    if (sub != null && !(sub instanceof String)) {
      throw new SinalException(ErrorCode.UNAUTHORIZED, "token 'sub' must be a string");
    }
    List<String> grants = new ArrayList<>();
    Object channels = claims.getValue("channels");
    if (channels instanceof JsonArray array) {
      for (Object grant : array) {
        if (grant instanceof String s) {
          grants.add(s);
        }
      }
    } else if (channels != null) {
      throw new SinalException(
          ErrorCode.UNAUTHORIZED, "token 'channels' must be a list of strings");
    }
    // Vert.x keeps exp, iat and nbf in the attributes, not in the principal; they are numbers by
    // now.
    Object exp = user.attributes().getValue("exp");
    double expMillis = exp instanceof Number n ? n.doubleValue() * 1000 : Double.POSITIVE_INFINITY;
    long expiresAt = expMillis >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) expMillis;
    return new Identity(sub == null ? "" : (String) sub, List.copyOf(grants), expiresAt);
  }

  /** Mints a token for {@code user}, valid for {@code ttl}, granting {@code channels}. */
  public String mint(String user, List<String> channels, Duration ttl) {
    JsonObject claims = new JsonObject().put("sub", user);
    if (!channels.isEmpty()) {
      claims.put("channels", new JsonArray(new ArrayList<>(channels)));
    }
    return auth.generateToken(
        claims, new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds((int) ttl.toSeconds()));
  }
}
