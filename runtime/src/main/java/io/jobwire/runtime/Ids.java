package io.jobwire.runtime;

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

  /**
   * The id of a shared topic's stream, the same on every front end for the same (topic, params,
   * user): {@code x-} and 22 base62 characters of a SHA-256 over them (params with sorted keys).
   */
  public static String sharedStream(
      String topic, com.fasterxml.jackson.databind.JsonNode params, String user) {
    try {
      var canonical =
          io.jobwire.protocol.Codec.mapper()
              .copy()
              .configure(
                  com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS,
                  true);
      Object tree = params == null ? null : canonical.treeToValue(params, Object.class);
      String text = topic + "\u0000" + canonical.writeValueAsString(tree) + "\u0000" + user;
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      char[] out = new char[22];
      var number = new java.math.BigInteger(1, digest);
      var base = java.math.BigInteger.valueOf(ALPHABET.length);
      for (int i = 0; i < out.length; i++) {
        var qr = number.divideAndRemainder(base);
        out[i] = ALPHABET[qr[1].intValue()];
        number = qr[0];
      }
      return "x-" + new String(out);
    } catch (java.security.NoSuchAlgorithmException
        | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot name a shared stream: " + e, e);
    }
  }

  private static String random(int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(out);
  }
}
