package io.sinal.apps.uploads;

import io.sinal.hub.ChannelName;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.Identity;
import io.sinal.hub.PublishGuard;
import io.sinal.hub.SinalException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Cancelling over WebSocket: a client publishes {@code {"file": 2}} with type {@code cancel} on the
 * batch's channel. The guard carries the cancel out first and lets the publication through only
 * then, as a record that a client asked; any other type is refused, so clients can never forge
 * stages. Knowing the batch id is what allows it, as for {@code DELETE}.
 */
final class CancelGuard implements PublishGuard {
  static final String TYPE = "cancel";

  private final Processor processor;

  CancelGuard(Processor processor) {
    this.processor = processor;
  }

  @Override
  public Future<Object> accept(Identity who, ChannelName channel, String type, Object data) {
    if (!TYPE.equals(type)) {
      return refuse(
          ErrorCode.FORBIDDEN,
          "on uploads channels clients may publish only '"
              + TYPE
              + "'; stages come from the server");
    }
    String batch = channel.rest();
    if (!(data instanceof JsonObject json)
        || !(json.getValue("file") instanceof Integer file)
        || !UploadFiles.BATCH_ID.matcher(batch).matches()) {
      return refuse(
          ErrorCode.BAD_REQUEST, "a cancel's data is {\"file\": <id>} on uploads:<batch>");
    }
    return processor
        .cancel(new FileRef(batch, file))
        .<Object>map(
            result -> {
              if (result == UploadService.Cancel.ALREADY_REQUESTED) {
                throw new SinalException(
                    ErrorCode.BAD_REQUEST, "a cancel of file " + file + " was already requested");
              }
              return new JsonObject().put("file", file);
            })
        // An uploads refusal (no such file, already finished) is the protocol's bad_request in a
        // reply.
        .recover(
            e ->
                e instanceof SinalException u
                    ? refuse(ErrorCode.BAD_REQUEST, u.getMessage())
                    : Future.failedFuture(e));
  }

  private static Future<Object> refuse(ErrorCode code, String message) {
    return Future.failedFuture(new SinalException(code, message));
  }
}
