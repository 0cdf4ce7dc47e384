package io.sinal.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Everything logged in this JVM while open, messages and stack traces, with Sinal's loggers at
 * debug level: {@code try (LogCapture log = LogCapture.start()) {…;
 * assertThat(log.text()).doesNotContain(…)}}.
 */
public final class LogCapture extends Handler implements AutoCloseable {
  private static final Logger ROOT = Logger.getLogger("");
  private static final Logger SINAL = Logger.getLogger("io.sinal");

  private final StringBuilder text = new StringBuilder();
  private final Level sinalLevel = SINAL.getLevel();

  private LogCapture() {
    setLevel(Level.ALL);
  }

  public static LogCapture start() {
    LogCapture capture = new LogCapture();
    SINAL.setLevel(Level.FINE);
    ROOT.addHandler(capture);
    return capture;
  }

  @Override
  public synchronized void publish(LogRecord record) {
    text.append(record.getLevel())
        .append(' ')
        .append(record.getLoggerName())
        .append(": ")
        .append(record.getMessage())
        .append('\n');
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      text.append(trace);
    }
  }

  public synchronized String text() {
    return text.toString();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    ROOT.removeHandler(this);
    SINAL.setLevel(sinalLevel);
  }
}
