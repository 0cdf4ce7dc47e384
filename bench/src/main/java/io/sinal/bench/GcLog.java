package io.sinal.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GC pauses a JVM server logged during a run, from its unified log ({@code -Xlog:gc:file=…}, as
 * bench/start-sinal.sh starts it): the bytes written between {@link #mark} and {@link #pausesSince}
 * are the run's, so the log's own timestamps need not be matched against the bench's clock.
 */
final class GcLog {
  /**
   * G1 and Parallel: "… Pause Young (Normal) (G1 Evacuation Pause) 24M->5M(512M) 3.456ms"; ZGC
   * likewise.
   */
  private static final Pattern PAUSE = Pattern.compile("Pause[^\\n]*? ([0-9]+(?:\\.[0-9]+)?)ms");

  private GcLog() {}

  /** How many pauses, how long together and the longest. */
  record Pauses(int count, double totalMillis, double maxMillis) {}

  /** Where the log ends now; 0 for a log that does not exist (yet). */
  static long mark(Path log) {
    try {
      return Files.exists(log) ? Files.size(log) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  static Pauses pausesSince(Path log, long mark) {
    String written;
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long end = file.length();
      byte[] bytes = new byte[(int) Math.max(0, Math.min(end - mark, 64L << 20))];
      file.seek(Math.min(mark, end));
      file.readFully(bytes);
      written = new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return new Pauses(0, 0, 0);
    }
    int count = 0;
    double total = 0;
    double max = 0;
    Matcher m = PAUSE.matcher(written);
    while (m.find()) {
      double ms = Double.parseDouble(m.group(1));
      count++;
      total += ms;
      max = Math.max(max, ms);
    }
    return new Pauses(count, total, max);
  }
}
