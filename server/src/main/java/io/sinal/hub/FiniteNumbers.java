package io.sinal.hub;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * Refuses publication data holding a number no double can hold. The JSON parser reads {@code
 * 1e999999999} as infinity, and the encoder would then store the string {@code "Infinity"}:
 * subscribers would get a value of another type than was published.
 */
final class FiniteNumbers {
  private FiniteNumbers() {}

  /** Walks {@code data} (nesting is bounded by the parser's depth limit). */
  static void require(Object data) {
    if (data instanceof Double d && !Double.isFinite(d)
        || data instanceof Float f && !Float.isFinite(f)) {
      throw new SinalException(
          ErrorCode.BAD_REQUEST, "data holds a number too large for a double (" + data + ")");
    }
    if (data instanceof JsonObject object) {
      object.forEach(e -> require(e.getValue()));
    } else if (data instanceof JsonArray array) {
      array.forEach(FiniteNumbers::require);
    } else if (data instanceof Map<?, ?> map) {
      map.values().forEach(FiniteNumbers::require);
    } else if (data instanceof List<?> list) {
      list.forEach(FiniteNumbers::require);
    }
  }
}
