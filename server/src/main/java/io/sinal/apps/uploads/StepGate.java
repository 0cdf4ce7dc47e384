package io.sinal.apps.uploads;

/**
 * Called on a worker before each processing step of a file: the seam tests use to hold a file in
 * the middle of its processing (and cancel it there) without sleeping. May block; never an event
 * loop.
 */
@FunctionalInterface
interface StepGate {
  StepGate NONE = (batch, file, step) -> {};

  /** {@code step} is {@code decode} or a variant's file name, e.g. {@code 640.jpg}. */
  void before(String batch, int file, String step) throws InterruptedException;
}
