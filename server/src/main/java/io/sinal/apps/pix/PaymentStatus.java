package io.sinal.apps.pix;

import java.util.Locale;

/** A payment starts pending and ends paid or expired; both ends are final. */
public enum PaymentStatus {
  PENDING,
  PAID,
  EXPIRED;

  /** The name in JSON, in the database and as the notification's type: {@code pending}, … */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static PaymentStatus ofWire(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
