package io.jobwire.queue.redis;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each topic's tag (see {@link RedisKeys}): the namespace's {@code tags} hash, cached. A tag never
 * changes once given, so a process asks Redis once per topic, not once per job. Thread-safe.
 */
public final class TopicTags {
  private static final LuaScript TAG = LuaScript.standalone("tag");

  private final RedisGateway redis;
  private final Map<String, String> known = new ConcurrentHashMap<>();
  private final Map<String, String> legacy = new ConcurrentHashMap<>();
  private volatile Map<String, String> all = Map.of();
  private volatile long allReadAt;
  private volatile boolean allRead;

  TopicTags(RedisGateway redis) {
    this.redis = redis;
  }

  /** The topic's tag, given now when it has none yet (one round trip, once per topic). */
  public String ensure(String topic) {
    String tag = known.get(topic);
    if (tag != null) {
      return tag;
    }
    RedisKeys keys = redis.keys();
    tag =
        ScriptReply.string(
            TAG, redis.call(r -> TAG.run(r, List.of(keys.tags(), keys.tagSeq()), List.of(topic))));
    known.put(topic, tag);
    return tag;
  }

  /** The topic's tag, or null while no job of it was ever enqueued (then it has no keys). */
  public String find(String topic) {
    String tag = known.get(topic);
    if (tag != null) {
      return tag;
    }
    tag = redis.call(r -> r.hget(redis.keys().tags(), topic));
    if (tag != null) {
      known.put(topic, tag);
    }
    return tag;
  }

  /** Every topic's tag (topic to tag), read from Redis again when older than {@code maxAgeMs}. */
  public Map<String, String> all(long maxAgeMs) {
    long at = System.nanoTime();
    if (!allRead || (at - allReadAt) / 1_000_000 >= maxAgeMs) {
      Map<String, String> read = redis.call(r -> r.hgetAll(redis.keys().tags()));
      known.putAll(read);
      all = Map.copyOf(read);
      allReadAt = at;
      allRead = true;
    }
    return all;
  }

  /**
   * The tag of a job's topic: from its id, or for an id from before tags, from the {@code
   * legacy-ids} hash {@code jobwire migrate} wrote ({@code ""} when it is not there either).
   */
  public String ofJob(String jobId) {
    String tag = RedisKeys.tagOf(jobId);
    if (!tag.isEmpty()) {
      return tag;
    }
    tag = legacy.get(jobId);
    if (tag != null) {
      return tag;
    }
    tag = redis.call(r -> r.hget(redis.keys().legacyIds(), jobId));
    if (tag == null) {
      return "";
    }
    legacy.put(jobId, tag);
    return tag;
  }

  /**
   * The keys of a topic, given its tag now if it has none (the layout before tags spelled these
   * {@code RedisKeys.queue(topic)} and the like).
   */
  public RedisKeys.TopicKeys keysOf(String topic) {
    return redis.keys().topic(ensure(topic));
  }

  /** The keys of a job's topic. */
  public RedisKeys.TopicKeys keysOfJob(String jobId) {
    return redis.keys().topic(ofJob(jobId));
  }
}
