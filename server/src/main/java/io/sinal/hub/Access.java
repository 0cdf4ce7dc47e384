package io.sinal.hub;

/** Who may subscribe to the channels of a namespace. */
public enum Access {
  /** Anyone, with or without a token. */
  PUBLIC,
  /** Only a token whose {@code channels} claim grants the channel (exact name or {@code ns:*}). */
  PRIVATE,
  /** Channel {@code ns:<id>} only by the user whose token {@code sub} is {@code <id>}. */
  USER
}
