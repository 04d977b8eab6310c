package io.jobwire.queue.testing;

import io.jobwire.queue.redis.RedisKeys;
import io.jobwire.queue.redis.RedisKeys.TopicKeys;
import redis.clients.jedis.UnifiedJedis;

/** Key names in the default namespace, for tests that look into Redis (see {@link RedisKeys}). */
public final class Layout {
  public static final RedisKeys KEYS = new RedisKeys(RedisKeys.DEFAULT_NAMESPACE);

  private Layout() {}

  /** A job's hash (or compact record). */
  public static String job(String id) {
    return KEYS.job(id);
  }

  /** The keys of a job's topic, from its id. */
  public static TopicKeys of(String jobId) {
    return KEYS.topic(RedisKeys.tagOf(jobId));
  }

  /** The keys of a topic that has had a job (its tag read from Redis). */
  public static TopicKeys topic(UnifiedJedis raw, String topic) {
    String tag = raw.hget(KEYS.tags(), topic);
    if (tag == null) {
      throw new AssertionError("topic " + topic + " has no tag: no job of it was enqueued");
    }
    return KEYS.topic(tag);
  }
}
