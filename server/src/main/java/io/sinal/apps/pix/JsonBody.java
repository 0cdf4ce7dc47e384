package io.sinal.apps.pix;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.SinalException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * The top-level fields of a JSON object body, with numbers kept exactly as written: money must not
 * pass through a {@code double} ({@code 0.1 + 0.2}), so {@code 10.505} stays three decimals and is
 * refused rather than rounded.
 */
final class JsonBody {
  private static final JsonFactory JSON = new JsonFactory();

  /** What a nested object or array is recorded as: present, but not a scalar. */
  private static final Object OTHER = new Object();

  /** A number's text, read as a {@code BigDecimal} only when asked for. */
  private record NumberText(String text) {}

  private final Map<String, Object> fields;

  private JsonBody(Map<String, Object> fields) {
    this.fields = fields;
  }

  static JsonBody parse(byte[] body) {
    Map<String, Object> fields = new HashMap<>();
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new SinalException(PixError.BAD_REQUEST, "the body must be a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken token = parser.nextToken();
        if (token == JsonToken.VALUE_NULL) {
          // null is as good as absent, for a required field too: "'value' is missing"
          continue;
        }
        Object value =
            switch (token) {
              case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new NumberText(parser.getText());
              case VALUE_STRING -> parser.getText();
              case VALUE_TRUE, VALUE_FALSE -> token == JsonToken.VALUE_TRUE;
              default -> {
                parser.skipChildren();
                yield OTHER;
              }
            };
        if (fields.put(name, value) != null) {
          throw new SinalException(PixError.BAD_REQUEST, "field '" + name + "' appears twice");
        }
      }
      if (parser.nextToken() != null) {
        throw new SinalException(
            PixError.BAD_REQUEST, "the body must hold one JSON object and nothing after it");
      }
    } catch (JsonProcessingException e) {
      throw new SinalException(PixError.BAD_REQUEST, "the body is not valid JSON");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new JsonBody(fields);
  }

  /** A required number, exactly as written; a missing or non-numeric one is {@code error}. */
  BigDecimal decimal(String name, ErrorCode error) {
    Object value = fields.get(name);
    if (value == null) {
      throw new SinalException(error, "'" + name + "' is missing");
    }
    if (!(value instanceof NumberText number)) {
      throw new SinalException(error, "'" + name + "' must be a number, like 10.50");
    }
    try {
      return new BigDecimal(number.text());
    } catch (NumberFormatException e) {
      // JSON allows exponents BigDecimal cannot hold, like 1e9999999999
      throw new SinalException(error, "'" + name + "' is out of range");
    }
  }

  /**
   * A string of at most {@code maxLength} characters; null when absent and not {@code required}.
   */
  String string(String name, int maxLength, boolean required) {
    Object value = fields.get(name);
    if (value == null && !required) {
      return null;
    }
    if (value == null) {
      throw new SinalException(PixError.BAD_REQUEST, "'" + name + "' is missing");
    }
    if (!(value instanceof String s)) {
      throw new SinalException(PixError.BAD_REQUEST, "'" + name + "' must be a string");
    }
    if (s.length() > maxLength) {
      throw new SinalException(
          PixError.BAD_REQUEST,
          "'" + name + "' is " + s.length() + " characters, at most " + maxLength + " are allowed");
    }
    return s;
  }
}
