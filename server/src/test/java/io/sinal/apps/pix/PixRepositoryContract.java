package io.sinal.apps.pix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sinal.store.RepositoryContract;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The payments' SQL round-trips the same on every database the store runs on: H2 and PostgreSQL.
 */
abstract class PixRepositoryContract extends RepositoryContract {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123Z");

  @Test
  void aPaymentReadsBackExactlyAsStored() throws Exception {
    Payment stored = pending("id1", "TXID1", "10.50", "Order 1234 — café");
    insert(stored);
    Payment read = find("id1");
    assertThat(read.orderNumber()).isPositive();
    assertThat(read).isEqualTo(withOrderNumber(stored, read.orderNumber()));
    assertThat(read.value()).hasToString("10.50");
    assertThat(read.paidAt()).isNull();
  }

  @Test
  void anAbsentDescriptionReadsBackAsNullAndOrderNumbersGrow() throws Exception {
    insert(pending("a", "TXA", "1.00", null), pending("b", "TXB", "2.00", null));
    Payment a = find("a");
    Payment b = run(h -> PaymentRepository.findByBankPaymentId(h, "TXB")).orElseThrow();
    assertThat(a.description()).isNull();
    assertThat(b.id()).isEqualTo("b");
    assertThat(b.orderNumber()).isGreaterThan(a.orderNumber());
    assertThat(run(h -> PaymentRepository.find(h, "nope")).isPresent()).isFalse();
    assertThat(run(h -> PaymentRepository.findByBankPaymentId(h, "NOPE")).isPresent()).isFalse();
  }

  @Test
  void twoPaymentsCannotShareABankPaymentId() throws Exception {
    insert(pending("a", "SAME", "1.00", null));
    assertThatThrownBy(() -> insert(pending("b", "SAME", "1.00", null)))
        .hasMessageContaining("SAME");
  }

  @Test
  void markPaidTakesAPendingPaymentOnceAndNeverAfterItIsDue() throws Exception {
    insert(pending("a", "TXA", "1.00", null), pending("b", "TXB", "1.00", null));
    Instant paidAt = NOW.plusSeconds(60);
    assertThat(markPaid("a", paidAt)).isTrue();
    assertThat(markPaid("a", paidAt.plusSeconds(1))).isFalse();
    assertThat(find("a").status()).isEqualTo(PaymentStatus.PAID);
    assertThat(find("a").paidAt()).isEqualTo(paidAt);

    assertThat(markPaid("b", NOW.plus(Duration.ofMinutes(30)))).isFalse();
    assertThat(find("b").status()).isEqualTo(PaymentStatus.PENDING);
  }

  @Test
  void onlyDuePendingPaymentsExpire() throws Exception {
    insert(pending("paid", "TX1", "1.00", null), pending("due", "TX2", "1.00", null));
    markPaid("paid", NOW.plusSeconds(1));
    Instant beforeDue = NOW.plus(Duration.ofMinutes(29));
    Instant due = NOW.plus(Duration.ofMinutes(30));
    assertThat(due(beforeDue)).isEmpty();
    assertThat(due(due)).containsExactly("due");
    assertThat(markExpired("paid", due)).isFalse();
    assertThat(markExpired("due", beforeDue)).isFalse();
    assertThat(markExpired("due", due)).isTrue();
    assertThat(due(due)).isEmpty();
    assertThat(find("due").status()).isEqualTo(PaymentStatus.EXPIRED);
  }

  @Test
  void pendingCountsPendingPaymentsDueOrNotAndNoOthers() throws Exception {
    insert(
        pending("paid", "TX1", "1.00", null),
        pending("expired", "TX2", "1.00", null),
        pending("due", "TX3", "1.00", null),
        pending("open", "TX4", "1.00", null));
    assertThat(run(PaymentRepository::pending)).isEqualTo(4);
    markPaid("paid", NOW.plusSeconds(1));
    markExpired("expired", NOW.plus(Duration.ofMinutes(30)));
    assertThat(run(PaymentRepository::pending))
        .as("'due' is past its time but not marked yet")
        .isEqualTo(2);
  }

  @Test
  void aStatusChangeStaysUnannouncedUntilThatStatusIsMarkedAnnounced() throws Exception {
    insert(pending("a", "TXA", "1.00", null));
    Instant later = NOW.plusSeconds(3600);
    assertThat(unannounced(later)).as("a new payment has nothing to announce").isEmpty();

    markPaid("a", NOW.plusSeconds(5));
    assertThat(unannounced(NOW.plusSeconds(5))).as("changed at, not before").isEmpty();
    assertThat(unannounced(later)).containsExactly("a");

    markAnnounced("a", PaymentStatus.PENDING);
    assertThat(unannounced(later)).as("after an older status's announcement").containsExactly("a");
    markAnnounced("a", PaymentStatus.PAID);
    assertThat(unannounced(later)).isEmpty();
  }

  private void insert(Payment... payments) throws Exception {
    run(
        h -> {
          for (Payment p : payments) {
            PaymentRepository.insert(h, p);
          }
          return null;
        });
  }

  private Payment find(String id) throws Exception {
    return run(h -> PaymentRepository.find(h, id)).orElseThrow();
  }

  private boolean markPaid(String id, Instant at) throws Exception {
    return run(h -> PaymentRepository.markPaid(h, id, at));
  }

  private boolean markExpired(String id, Instant at) throws Exception {
    return run(h -> PaymentRepository.markExpired(h, id, at));
  }

  private List<String> due(Instant at) throws Exception {
    return run(h -> PaymentRepository.due(h, at, 10));
  }

  private List<String> unannounced(Instant changedBefore) throws Exception {
    return run(h -> PaymentRepository.unannounced(h, changedBefore, 10)).stream()
        .map(Payment::id)
        .toList();
  }

  private void markAnnounced(String id, PaymentStatus status) throws Exception {
    run(
        h -> {
          PaymentRepository.markAnnounced(h, id, status);
          return null;
        });
  }

  private static Payment pending(String id, String txid, String value, String description) {
    BigDecimal amount = new BigDecimal(value);
    return new Payment(
        id,
        0,
        txid,
        amount,
        description,
        BrCode.of("key@example.com", "Shop", "CITY", amount, txid),
        PaymentStatus.PENDING,
        NOW,
        NOW.plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MILLIS),
        null);
  }

  private static Payment withOrderNumber(Payment p, long orderNumber) {
    return new Payment(
        p.id(),
        orderNumber,
        p.bankPaymentId(),
        p.value(),
        p.description(),
        p.payload(),
        p.status(),
        p.createdAt(),
        p.expiresAt(),
        p.paidAt());
  }
}
