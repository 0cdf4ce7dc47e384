package io.sinal.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.SinalException;
import io.sinal.protocol.Replies;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place failures become HTTP answers: the status from the {@link ErrorCode}, the body
 * {@code {"error":{…}}} from {@link Replies#error}, whichever area (hub, PIX, uploads) raised it.
 */
public final class HttpErrors {
  private static final Logger LOG = Logger.getLogger(HttpErrors.class.getName());

  /**
   * What a client refused at a node limit is told to wait; sinal.js adds its own backoff and
   * jitter.
   */
  static final int RETRY_AFTER_SECONDS = 5;

  private HttpErrors() {}

  public static void send(RoutingContext ctx, Throwable failure) {
    if (!(failure instanceof SinalException)) {
      LOG.log(
          Level.WARNING, ctx.request().method() + " " + ctx.request().path() + " failed", failure);
    }
    send(ctx.response(), Replies.toSinal(failure));
  }

  /** {@code e}'s code decides the status; its {@code Retry-After}, if any, goes along. */
  public static void send(HttpServerResponse response, SinalException e) {
    if (!response.headWritten() && !response.closed() && e.retryAfterSeconds() > 0) {
      response.putHeader("retry-after", String.valueOf(e.retryAfterSeconds()));
    }
    end(response, e.code().httpStatus(), Replies.error(e));
  }

  /**
   * Ends {@code response} with {@code status} and {@code {"error": error}}, unless it is answered
   * or gone.
   */
  private static void end(HttpServerResponse response, int status, JsonObject error) {
    if (response.headWritten() || response.closed()) {
      return;
    }
    response
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", error).encode());
  }

  /**
   * Runs {@code admission}, which throws a {@link SinalException} when the node is at one of its
   * limits; then answers with that error and {@code Retry-After} (the request was fine, the node is
   * full) and returns false.
   */
  public static boolean admit(HttpServerResponse response, Runnable admission) {
    try {
      admission.run();
      return true;
    } catch (SinalException e) {
      send(
          response,
          e.retryAfterSeconds() > 0
              ? e
              : new SinalException(e.code(), e.getMessage(), RETRY_AFTER_SECONDS));
      return false;
    }
  }

  /** For failures Vert.x raises itself (body too large, no route): same JSON shape. */
  public static void status(RoutingContext ctx, int status) {
    ErrorCode code =
        switch (status) {
          case 413 -> ErrorCode.MESSAGE_TOO_LARGE;
          case 404 -> ErrorCode.NOT_FOUND;
          case 400, 405 -> ErrorCode.BAD_REQUEST;
          default -> ErrorCode.INTERNAL;
        };
    String message =
        switch (status) {
          case 413 -> "request body too large";
          case 404 -> "no such resource: " + clip(ctx.request().path());
          case 400 -> "bad request";
          case 405 -> "method " + clip(ctx.request().method().name()) + " not allowed here";
          default -> "internal error";
        };
    if (ctx.failure() != null && status >= 500) {
      LOG.log(
          Level.WARNING,
          ctx.request().method() + " " + ctx.request().path() + " failed",
          ctx.failure());
    }
    end(ctx.response(), status, Replies.error(code, message));
  }

  /**
   * Answers a request Vert.x's decoder refused before routing (request line or headers too long,
   * not HTTP), then closes the connection: the rest of its bytes cannot be trusted to frame a next
   * request.
   */
  public static void invalidRequest(
      HttpServerRequest request, int maxRequestLine, int maxHeaderSize) {
    Throwable cause = request.decoderResult().cause();
    int status;
    JsonObject error;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      error =
          Replies.error(
              ErrorCode.MESSAGE_TOO_LARGE,
              "the request line is longer than " + maxRequestLine + " bytes");
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      error =
          Replies.error(
              ErrorCode.MESSAGE_TOO_LARGE,
              "the request headers are larger than " + maxHeaderSize + " bytes");
    } else {
      status = 400;
      error = Replies.error(ErrorCode.BAD_REQUEST, "not a valid HTTP/1.1 request");
    }
    request
        .response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .putHeader("x-content-type-options", "nosniff")
        .putHeader("connection", "close")
        .end(new JsonObject().put("error", error).encode())
        .onComplete(v -> request.connection().close());
  }

  /** A path or method echoed in a message: a request line may be long, a message need not. */
  private static String clip(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }
}
