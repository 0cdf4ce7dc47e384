package io.sinal.apps;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A clean-up that runs once every {@code every} of the injected clock. An app's timer calls {@link
 * #tick} often (every second); the work starts when it is due and the last run has finished, so a
 * slow store never has two runs in flight, and a test that moves its clock past the period sees it
 * run at the next tick. The work itself must not block: it hands JDBC and file work to workers.
 */
public final class Sweep {
  private static final Logger LOG = Logger.getLogger(Sweep.class.getName());

  private final String what;
  private final Clock clock;
  private final Duration every;
  private final Supplier<Future<?>> work;
  private final AtomicBoolean running = new AtomicBoolean();

  /** The first tick runs it: what accumulated while the server was down goes at once. */
  private volatile Instant due = Instant.MIN;

  public Sweep(String what, Clock clock, Duration every, Supplier<Future<?>> work) {
    this.what = what;
    this.clock = clock;
    this.every = every;
    this.work = work;
  }

  public void tick() {
    Instant now = clock.instant();
    if (now.isBefore(due) || !running.compareAndSet(false, true)) {
      return;
    }
    due = now.plus(every);
    Future<?> run;
    try {
      run = work.get();
    } catch (RuntimeException e) {
      run = Future.failedFuture(e);
    }
    run.onComplete(
        ar -> {
          if (ar.failed()) {
            LOG.warning(
                what + " failed, trying again in " + every.toSeconds() + " s: " + ar.cause());
          }
          running.set(false);
        });
  }
}
