package io.sinal.apps.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.TestSinal;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds one file on a worker just before one of its processing steps until the test releases it: a
 * file caught in the middle of processing, without sleeping. Closing releases it, so a failed test
 * never leaves a worker blocked.
 */
final class HeldStep implements StepGate, AutoCloseable {
  private final int file;
  private final String step;
  private final CountDownLatch reached = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  private HeldStep(int file, String step) {
    this.file = file;
    this.step = step;
  }

  /**
   * Installs a hold of {@code file} before {@code step} ({@code decode} or a variant's name) in
   * every batch.
   */
  static HeldStep install(TestSinal sinal, int file, String step) {
    HeldStep held = new HeldStep(file, step);
    sinal.sinal().app(UploadsApp.class).gate(held);
    return held;
  }

  @Override
  public void before(String batch, int f, String s) throws InterruptedException {
    if (f == file && s.equals(step)) {
      reached.countDown();
      if (!released.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "held step " + step + " of file " + file + " was never released");
      }
    }
  }

  void awaitReached() throws InterruptedException {
    assertThat(reached.await(20, TimeUnit.SECONDS))
        .as("file %d reached step %s", file, step)
        .isTrue();
  }

  void release() {
    released.countDown();
  }

  @Override
  public void close() {
    release();
  }
}
