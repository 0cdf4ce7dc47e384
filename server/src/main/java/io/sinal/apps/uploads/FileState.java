package io.sinal.apps.uploads;

/**
 * Where a file is: {@code received → processing → done}, or {@code failed} / {@code cancelled} from
 * either of the first two. The last three never change again.
 */
enum FileState {
  RECEIVED,
  PROCESSING,
  DONE,
  FAILED,
  CANCELLED;

  String wire() {
    return name().toLowerCase();
  }

  static FileState ofWire(String wire) {
    return valueOf(wire.toUpperCase());
  }

  boolean finished() {
    return this == DONE || this == FAILED || this == CANCELLED;
  }
}
