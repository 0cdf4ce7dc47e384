package io.sinal.apps.pix;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The SQL of payments, one statement per method, run by {@link PaymentService} inside the store's
 * units of work. Portable SQL: the same statements run on H2 and PostgreSQL. Status changes are
 * conditional updates, so of a confirmation and an expiry racing for one payment exactly one wins.
 */
final class PaymentRepository {
  private static final String COLUMNS =
      "id, order_number, bank_payment_id, amount, description, payload, status, created_at, expires_at, paid_at";

  private PaymentRepository() {}

  /** Stores a new pending payment; its order number comes from the database. */
  static void insert(Handle h, Payment p) {
    h.createUpdate(
            "INSERT INTO pix_payment (id, bank_payment_id, amount, description, payload, status,"
                + " created_at, expires_at, changed_at, announced)"
                + " VALUES (:id, :bankPaymentId, :value, :description, :payload, :status,"
                + " :createdAt, :expiresAt, :createdAt, TRUE)")
        .bind("id", p.id())
        .bind("bankPaymentId", p.bankPaymentId())
        .bind("value", p.value())
        .bind("description", p.description())
        .bind("payload", p.payload())
        .bind("status", p.status().wire())
        .bind("createdAt", p.createdAt())
        .bind("expiresAt", p.expiresAt())
        .execute();
  }

  static Optional<Payment> find(Handle h, String id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM pix_payment WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> payment(rs))
        .findOne();
  }

  static Optional<Payment> findByBankPaymentId(Handle h, String bankPaymentId) {
    return h.createQuery(
            "SELECT " + COLUMNS + " FROM pix_payment WHERE bank_payment_id = :bankPaymentId")
        .bind("bankPaymentId", bankPaymentId)
        .map((rs, ctx) -> payment(rs))
        .findOne();
  }

  /**
   * Pending payments, due or not: what {@code --pix-max-pending} bounds (the status index answers
   * it).
   */
  static long pending(Handle h) {
    return h.createQuery("SELECT COUNT(*) FROM pix_payment WHERE status = 'pending'")
        .mapTo(Long.class)
        .one();
  }

  /**
   * Pending and not yet due → paid, to be announced. False when it was not pending or already due.
   */
  static boolean markPaid(Handle h, String id, Instant now) {
    return h.createUpdate(
                "UPDATE pix_payment SET status = 'paid', paid_at = :now, changed_at = :now, announced = FALSE"
                    + " WHERE id = :id AND status = 'pending' AND expires_at > :now")
            .bind("id", id)
            .bind("now", now)
            .execute()
        == 1;
  }

  /** Ids of pending payments due at {@code now}, oldest first, at most {@code limit}. */
  static List<String> due(Handle h, Instant now, int limit) {
    return h.createQuery(
            "SELECT id FROM pix_payment WHERE status = 'pending' AND expires_at <= :now"
                + " ORDER BY expires_at LIMIT :limit")
        .bind("now", now)
        .bind("limit", limit)
        .mapTo(String.class)
        .list();
  }

  /** Pending and due → expired, to be announced. False when something else changed it first. */
  static boolean markExpired(Handle h, String id, Instant now) {
    return h.createUpdate(
                "UPDATE pix_payment SET status = 'expired', changed_at = :now, announced = FALSE"
                    + " WHERE id = :id AND status = 'pending' AND expires_at <= :now")
            .bind("id", id)
            .bind("now", now)
            .execute()
        == 1;
  }

  /** Payments whose last status change, made before {@code changedBefore}, was never announced. */
  static List<Payment> unannounced(Handle h, Instant changedBefore, int limit) {
    return h.createQuery(
            "SELECT "
                + COLUMNS
                + " FROM pix_payment WHERE announced = FALSE AND changed_at < :before"
                + " ORDER BY changed_at LIMIT :limit")
        .bind("before", changedBefore)
        .bind("limit", limit)
        .map((rs, ctx) -> payment(rs))
        .list();
  }

  /** Records that {@code status} was announced; a no-op if the payment has moved on since. */
  static void markAnnounced(Handle h, String id, PaymentStatus status) {
    h.createUpdate("UPDATE pix_payment SET announced = TRUE WHERE id = :id AND status = :status")
        .bind("id", id)
        .bind("status", status.wire())
        .execute();
  }

  private static Payment payment(ResultSet rs) throws SQLException {
    return new Payment(
        rs.getString("id"),
        rs.getLong("order_number"),
        rs.getString("bank_payment_id"),
        rs.getBigDecimal("amount"),
        rs.getString("description"),
        rs.getString("payload"),
        PaymentStatus.ofWire(rs.getString("status")),
        instant(rs, "created_at"),
        instant(rs, "expires_at"),
        instant(rs, "paid_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
