package io.sinal.apps.pix;

import io.sinal.hub.Hub;
import io.sinal.hub.SinalException;
import io.sinal.store.Store;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Payments: creating them, confirming them, expiring them, and announcing every status change on
 * the payment's channel.
 *
 * <p>A status change and its announcement cannot be one transaction (the hub is not the database),
 * so they are ordered instead: the change is committed together with "not yet announced", then
 * published, then marked announced. A change is therefore never announced before it is stored, and
 * one whose announcement failed, or whose server stopped in between, is published again by {@link
 * #tick} (at start and every second). A notification may so arrive twice; it always carries the
 * whole payment, so subscribers just show the latest state.
 */
final class PaymentService {
  private static final Logger LOG = Logger.getLogger(PaymentService.class.getName());

  /**
   * How old an unannounced change must be before {@link #tick} publishes it again: the request that
   * made it is normally announcing it at that very moment.
   */
  static final Duration ANNOUNCE_GRACE = Duration.ofSeconds(10);

  /**
   * What a refusal for too many pending payments tells the client to wait: ticks expire them
   * meanwhile.
   */
  static final Duration PENDING_RETRY = Duration.ofSeconds(60);

  /** Rows one tick expires or re-announces; the rest wait for the next tick. */
  private static final int BATCH = 100;

  private static final String ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Store store;
  private final Hub hub;
  private final PixOptions options;
  private final Clock clock;

  /** Set while a tick runs, so a slow database never has two ticks in flight. */
  private final AtomicBoolean ticking = new AtomicBoolean();

  PaymentService(Store store, Hub hub, PixOptions options, Clock clock) {
    this.store = store;
    this.hub = hub;
    this.options = options;
    this.clock = clock;
  }

  /**
   * A new pending payment of {@code value} (already checked), expiring after the configured time.
   */
  Future<Payment> create(BigDecimal value, String description) {
    Instant now = now();
    // 22 characters of 62 (131 bits) for the id that grants access; 25, the BR Code's maximum, for
    // the txid
    String id = random(22);
    String txid = random(25);
    String payload =
        BrCode.of(options.key(), options.merchantName(), options.merchantCity(), value, txid);
    Payment payment =
        new Payment(
            id,
            0,
            txid,
            value,
            description,
            payload,
            PaymentStatus.PENDING,
            now,
            now.plus(options.expiry()),
            null);
    return store.transaction(
        h -> {
          // Counted in the same transaction; concurrent creations may pass it by the few in flight
          // at once.
          if (PaymentRepository.pending(h) >= options.maxPending()) {
            throw new SinalException(
                PixError.TOO_MANY_PENDING,
                "the server holds "
                    + options.maxPending()
                    + " pending payments already; try again once some are paid or expired",
                PENDING_RETRY.toSeconds());
          }
          PaymentRepository.insert(h, payment);
          return PaymentRepository.find(h, id).orElseThrow();
        });
  }

  /** The payment, or a {@link PixError#NOT_FOUND} failure. */
  Future<Payment> find(String id) {
    return store
        .call(h -> PaymentRepository.find(h, id))
        .map(found -> found.orElseThrow(() -> notFound("no payment with id '" + id + "'")));
  }

  /**
   * Applies the bank's confirmation: pending → paid, announced on the payment's channel. A repeat
   * of an applied confirmation succeeds again without a second announcement.
   */
  Future<Payment> confirm(Confirmation confirmation) {
    Instant now = now();
    return store
        .transaction(
            h -> {
              Payment payment =
                  PaymentRepository.findByBankPaymentId(h, confirmation.bankPaymentId())
                      .orElseThrow(
                          () ->
                              notFound(
                                  "no payment with bank_payment_id '"
                                      + confirmation.bankPaymentId()
                                      + "'"));
              if (payment.value().compareTo(confirmation.value()) != 0) {
                throw new SinalException(
                    PixError.VALUE_MISMATCH,
                    "the confirmed value "
                        + confirmation.value()
                        + " differs from the payment's "
                        + payment.value());
              }
              if (PaymentRepository.markPaid(h, payment.id(), now)) {
                return new Change(payment.withStatus(PaymentStatus.PAID, now), true);
              }
              // Not pending, or due: read again, as a concurrent confirmation or expiry may have
              // just won.
              Payment current = PaymentRepository.find(h, payment.id()).orElseThrow();
              if (current.status() == PaymentStatus.PAID) {
                return new Change(current, false);
              }
              throw new SinalException(
                  PixError.EXPIRED,
                  "payment " + payment.id() + " expired at " + payment.expiresAt());
            })
        .compose(
            change ->
                change.applied()
                    ? announce(change.payment()).map(change.payment())
                    : Future.succeededFuture(change.payment()));
  }

  /**
   * Expires due payments and re-announces changes whose announcement never completed. Runs at start
   * and every second; skipped while the previous one is still running.
   */
  Future<Void> tick() {
    if (!ticking.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    Instant now = now();
    return expireDue(now)
        .compose(
            v ->
                store.call(h -> PaymentRepository.unannounced(h, now.minus(ANNOUNCE_GRACE), BATCH)))
        .compose(this::announceAll)
        .onFailure(
            e -> LOG.warning("PIX expiry and re-announcement failed, retrying in a second: " + e))
        .eventually(
            () -> {
              ticking.set(false);
              return Future.succeededFuture();
            });
  }

  private Future<Void> expireDue(Instant now) {
    return store
        .transaction(
            h -> {
              List<Payment> expired = new ArrayList<>();
              for (String id : PaymentRepository.due(h, now, BATCH)) {
                if (PaymentRepository.markExpired(h, id, now)) {
                  expired.add(PaymentRepository.find(h, id).orElseThrow());
                }
              }
              return expired;
            })
        .compose(this::announceAll);
  }

  private Future<Void> announceAll(List<Payment> payments) {
    return Future.join(payments.stream().map(this::announce).toList()).mapEmpty();
  }

  /**
   * Publishes the payment's current state on its channel, the status as the type, then marks it
   * announced. Never fails: what could not be announced stays unannounced for {@link #tick}.
   */
  private Future<Void> announce(Payment payment) {
    return hub.publish(payment.channel(), payment.status().wire(), payment.toJson())
        .compose(
            published ->
                store.call(
                    h -> {
                      PaymentRepository.markAnnounced(h, payment.id(), payment.status());
                      return null;
                    }))
        .<Void>mapEmpty()
        .recover(
            e -> {
              LOG.warning(
                  "announcing payment "
                      + payment.id()
                      + " as "
                      + payment.status().wire()
                      + " failed, it will be announced again: "
                      + e.getMessage());
              return Future.succeededFuture();
            });
  }

  private Instant now() {
    // Milliseconds: what both databases keep exactly, so a stored instant reads back equal.
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static SinalException notFound(String message) {
    return new SinalException(PixError.NOT_FOUND, message);
  }

  private static String random(int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
    }
    return s.toString();
  }

  /**
   * A confirmation's outcome: the payment now, and whether this confirmation is what made it paid.
   */
  private record Change(Payment payment, boolean applied) {}
}
