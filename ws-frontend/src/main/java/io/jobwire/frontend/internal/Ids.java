package io.jobwire.frontend.internal;

import java.security.SecureRandom;

/**
 * Random ids for connections ({@code c-}), subscriptions ({@code s-}) and front ends ({@code fe-}).
 *
 * <p>Subscription ids travel to workers inside {@code route} and back, and a later issue lets a
 * client resume by sub id, so they must not be guessable: 16 base62 characters from a {@link
 * SecureRandom} (about 95 bits).
 */
public final class Ids {
  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  public static String frontend() {
    return "fe-" + random(10);
  }

  public static String connection() {
    return "c-" + random(12);
  }

  public static String subscription() {
    return "s-" + random(16);
  }

  private static String random(int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(out);
  }
}
