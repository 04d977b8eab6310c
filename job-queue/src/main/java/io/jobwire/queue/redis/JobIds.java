package io.jobwire.queue.redis;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Job ids: {@code j}, the topic's tag, {@code -} and 120 random bits, URL-safe, hard to guess. The
 * tag lets every tool find the job's keys from its id (see {@link RedisKeys#tagOf}).
 */
public final class JobIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private JobIds() {}

  public static String next(String tag) {
    return RedisKeys.jobId(tag, random());
  }

  /** A batch's id: {@code b-} and 120 random bits (a batch's keys are the namespace's). */
  static String batch() {
    return "b-" + random();
  }

  private static String random() {
    byte[] bytes = new byte[15];
    RANDOM.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }
}
