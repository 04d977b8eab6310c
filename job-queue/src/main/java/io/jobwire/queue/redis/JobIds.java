package io.jobwire.queue.redis;

import io.jobwire.runtime.Ids;

/**
 * Job ids: {@code j}, the topic's tag, {@code -} and 120 random bits, URL-safe, hard to guess. The
 * tag lets every tool find the job's keys from its id (see {@link RedisKeys#tagOf}). The random
 * part comes from {@link Ids}, jobwire's one id generator.
 */
public final class JobIds {
  private static final int RANDOM_BYTES = 15;

  private JobIds() {}

  public static String next(String tag) {
    return RedisKeys.jobId(tag, Ids.base64Url(RANDOM_BYTES));
  }

  /** A batch's id: {@code b-} and 120 random bits (a batch's keys are the namespace's). */
  static String batch() {
    return "b-" + Ids.base64Url(RANDOM_BYTES);
  }
}
