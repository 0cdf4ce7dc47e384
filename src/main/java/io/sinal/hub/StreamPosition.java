package io.sinal.hub;

import java.security.SecureRandom;

/** A place in a channel's stream: the epoch of its history and the offset of the last publication (0 = none). */
public record StreamPosition(String epoch, long offset) {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

  /** A fresh epoch: 8 random characters, so histories that were lost are never confused. */
  public static String newEpoch() {
    char[] epoch = new char[8];
    for (int i = 0; i < epoch.length; i++) {
      epoch[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(epoch);
  }
}
