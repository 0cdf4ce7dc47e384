package io.sinal.ops;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per event, as text ({@code 2026-11-23T14:00:00.000Z INFO io.sinal.Sinal: message}) or as
 * a JSON object ({@code {"ts","level","logger","msg","error"}}). Messages never carry tokens or
 * keys: request lines log the path, never the query string.
 */
public final class LogFormat extends Formatter {
  /** The handler {@link #install} put on the root logger, if it ran. */
  private static volatile Handler console;

  private final boolean json;

  private LogFormat(boolean json) {
    this.json = json;
  }

  static LogFormat json() {
    return new LogFormat(true);
  }

  /**
   * Replaces the root handlers with one console handler in {@code format}; {@code debug} shows
   * FINE.
   */
  public static void install(String format, String level) {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    ConsoleHandler handler = new ConsoleHandler();
    handler.setFormatter(new LogFormat("json".equals(format)));
    Level threshold = "debug".equals(level) ? Level.FINE : Level.INFO;
    handler.setLevel(threshold);
    root.addHandler(handler);
    Logger.getLogger("io.sinal").setLevel(threshold);
    console = handler;
  }

  /**
   * Logs the last line of a stop. At JVM shutdown java.util.logging resets itself (removing every
   * handler) in a shutdown hook of its own, which may run before ours and drop the line; so it goes
   * straight to the handler {@link #install} made, which a reset leaves able to write.
   */
  public static void last(Logger logger, String message) {
    Handler handler = console;
    if (handler == null) {
      logger.info(message);
      return;
    }
    LogRecord record = new LogRecord(Level.INFO, message);
    record.setLoggerName(logger.getName());
    handler.publish(record);
    handler.flush();
  }

  @Override
  public String format(LogRecord record) {
    String error = null;
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      error = trace.toString();
    }
    String message = formatMessage(record);
    if (json) {
      JsonObject line =
          new JsonObject()
              .put("ts", Instant.ofEpochMilli(record.getMillis()).toString())
              .put("level", record.getLevel().getName())
              .put("logger", record.getLoggerName())
              .put("msg", message);
      if (error != null) {
        line.put("error", error);
      }
      return line.encode() + System.lineSeparator();
    }
    String line =
        Instant.ofEpochMilli(record.getMillis())
            + " "
            + record.getLevel().getName()
            + " "
            + record.getLoggerName()
            + ": "
            + message.replace("\n", "\n    ");
    return line + System.lineSeparator() + (error == null ? "" : error);
  }
}
