package io.sinal.apps.chat;

import io.sinal.hub.ErrorCode;
import io.sinal.hub.SinalException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Display names: how a chosen name is cleaned and what it may not hold, and the key that tells
 * look-alike names apart, so a room can hold each name once ({@link RoomNames}).
 */
final class ChatName {
  /**
   * Letters that show as nothing (Hangul fillers, the braille blank, ignorable marks) though not
   * format characters.
   */
  private static final Set<Integer> BLANK =
      Set.of(0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x034F, 0x17B4, 0x17B5);

  /**
   * Cyrillic and Greek letters drawn like Latin ones, in both cases: "Аna" with a Cyrillic А is
   * "Ana" to the eye. A few dozen, not Unicode's whole confusables table: the letters people
   * actually swap in.
   */
  private static final Map<Integer, Character> LATIN_LOOKALIKE =
      lookalikes(
          "АAаaВBЕEеeКKкkМMНHОOоoРPрpСCсcТTХXхxУYуyЅSѕsІIіiЈJјjԁdԚQԛqԜWԝwһhҺHӏlӀI"
              + "ΑAαaΒBΕEΖZΗHΙIιiΚKκkΜMΝNνvΟOοoΡPρpΤTΥYΧXχxıiɡg");

  private ChatName() {}

  /**
   * A chosen name as it will be shown: NFC, trimmed, each run of spaces (any kind) made one space.
   * Refused: '#' (it separates the tag), control characters, and what cannot be seen or turns text
   * around — zero-width and other format characters (U+200B–U+200D, U+2060, U+FEFF), bidi controls
   * (U+202A–U+202E, U+2066–U+2069) and blank letters — as they make one name pass for another.
   */
  static String normalize(String raw) {
    String nfc = Normalizer.normalize(raw == null ? "" : raw, Normalizer.Form.NFC);
    StringBuilder out = new StringBuilder(nfc.length());
    boolean space = false;
    for (int i = 0; i < nfc.length(); ) {
      int c = nfc.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        space = out.length() > 0;
        continue;
      }
      if (c == '#') {
        throw new SinalException(ErrorCode.BAD_REQUEST, "'name' may not hold '#'");
      }
      if (hidden(c) || Character.getType(c) == Character.CONTROL) {
        throw new SinalException(
            ErrorCode.BAD_REQUEST,
            "'name' may not hold control, invisible or"
                + " text-direction characters, such as "
                + String.format(Locale.ROOT, "U+%04X", c)
                + " here");
      }
      if (space) {
        out.append(' ');
        space = false;
      }
      out.appendCodePoint(c);
    }
    return out.toString();
  }

  /**
   * What two names that look alike have in common: invisible characters dropped, NFKC (fullwidth
   * and styled letters become plain ones), Latin look-alikes made Latin, case folded, and "I" and
   * "l" one letter, as sans-serif fonts draw them the same. Names with one key are one name in a
   * room.
   */
  static String key(String name) {
    String compatible = Normalizer.normalize(name, Normalizer.Form.NFKC);
    StringBuilder out = new StringBuilder(compatible.length());
    compatible
        .codePoints()
        .filter(c -> !hidden(c))
        .forEach(
            c -> {
              Character latin = LATIN_LOOKALIKE.get(c);
              if (latin != null) {
                out.append(latin.charValue());
              } else {
                out.appendCodePoint(
                    Character.isWhitespace(c) || Character.isSpaceChar(c) ? ' ' : c);
              }
            });
    // upper then lower folds what lower case alone does not (ß and SS, final and medial sigma)
    String folded =
        out.toString().toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT).replace('l', 'i');
    return folded.strip().replaceAll(" +", " ");
  }

  private static boolean hidden(int c) {
    int type = Character.getType(c);
    return type == Character.FORMAT || type == Character.SURROGATE || BLANK.contains(c);
  }

  private static Map<Integer, Character> lookalikes(String pairs) {
    Map<Integer, Character> map = new java.util.HashMap<>();
    for (int i = 0; i < pairs.length(); i += 2) {
      map.put((int) pairs.charAt(i), pairs.charAt(i + 1));
    }
    return Map.copyOf(map);
  }
}
