package io.sinal.apps.uploads;

/**
 * One file refused, on arrival or while processing: it fails with this reason, the batch goes on.
 */
final class Rejected extends RuntimeException {
  private final Reason reason;

  Rejected(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  Reason reason() {
    return reason;
  }
}
