package io.sinal.apps.uploads;

import io.vertx.core.json.JsonObject;

/**
 * One stage a file went through, before it is numbered: the store gives it the file's next {@code
 * seq}, keeps it in {@code upload_event} and the hub publishes it on {@code uploads:<batch>} with
 * the stage as type. The JSON is the same in both places (docs/apps/uploads.md, "Events").
 */
record Event(String stage, JsonObject fields) {
  /** The percentage reported once the image is decoded; the variants share the rest. */
  static final int DECODED_PERCENT = 10;

  static Event received(String name, long bytes, ImageFormat format) {
    return new Event(
        "received",
        new JsonObject().put("name", name).put("bytes", bytes).put("format", format.wire()));
  }

  static Event processing(int percent) {
    return new Event("processing", new JsonObject().put("percent", percent));
  }

  static Event decoded(int width, int height) {
    return new Event(
        "processing",
        new JsonObject().put("percent", DECODED_PERCENT).put("width", width).put("height", height));
  }

  static Event variant(String batch, int file, Variant variant, int width, int height, long bytes) {
    int percent =
        DECODED_PERCENT
            + (100 - DECODED_PERCENT) * (variant.ordinal() + 1) / Variant.values().length;
    return new Event(
        "variant",
        new JsonObject()
            .put("percent", percent)
            .put(
                "variant",
                variantJson(
                    batch, file, variant.fileName(), variant.format(), width, height, bytes)));
  }

  static Event done() {
    return new Event("done", new JsonObject().put("percent", 100));
  }

  /**
   * A failure; on arrival it also names the file, as there was no {@code received} event to do so.
   */
  static Event failed(Rejected rejected, String name, long bytes) {
    JsonObject fields =
        new JsonObject()
            .put("reason_code", rejected.reason().wire())
            .put("reason", rejected.getMessage());
    if (name != null) {
      fields.put("name", name).put("bytes", bytes);
    }
    return new Event("failed", fields);
  }

  static Event cancelled() {
    return new Event("cancelled", new JsonObject());
  }

  static JsonObject variantJson(
      String batch, int file, String name, String format, int width, int height, long bytes) {
    return new JsonObject()
        .put("name", name)
        .put("format", format)
        .put("width", width)
        .put("height", height)
        .put("bytes", bytes)
        .put("url", "/uploads/" + batch + "/" + file + "/" + name);
  }

  /** The event as stored and published. */
  JsonObject toJson(int file, int seq) {
    return new JsonObject().put("file", file).put("seq", seq).put("stage", stage).mergeIn(fields);
  }
}
