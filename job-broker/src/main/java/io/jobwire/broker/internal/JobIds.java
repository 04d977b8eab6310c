package io.jobwire.broker.internal;

import java.security.SecureRandom;
import java.util.Base64;

/** Job ids: {@code j-} and 120 random bits, URL-safe, hard to guess. */
final class JobIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private JobIds() {}

  static String next() {
    byte[] bytes = new byte[15];
    RANDOM.nextBytes(bytes);
    return "j-" + ENCODER.encodeToString(bytes);
  }
}
