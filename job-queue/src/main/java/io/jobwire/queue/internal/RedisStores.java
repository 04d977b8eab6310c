package io.jobwire.queue.internal;

import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.Schedules;
import io.jobwire.queue.redis.RedisSchedules;

/**
 * Where the API's static factories get the Redis implementations that live in {@code queue.redis}
 * (shared with the broker), so that the API package names only its own {@code internal}.
 */
public final class RedisStores {
  private RedisStores() {}

  public static Schedules schedules(QueueConfig config) {
    return new RedisSchedules(config);
  }
}
