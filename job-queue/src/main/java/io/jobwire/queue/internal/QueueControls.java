package io.jobwire.queue.internal;

import io.jobwire.queue.redis.RedisGateway;
import io.jobwire.queue.redis.RedisKeys;
import io.jobwire.queue.redis.ScriptReply;
import io.jobwire.queue.redis.Scripts;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The operator's controls, shared by {@link RedisJobQueue} and {@link RedisMonitor} (the
 * dashboard): pause and resume a topic, cancel a job. Caller's thread; blocks on Redis.
 */
final class QueueControls {
  private QueueControls() {}

  /** Pauses ({@code pause}) or resumes a topic (pause.lua); true when its flag changed. */
  static boolean pause(RedisGateway redis, String topic, boolean pause) {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("name a topic to pause or resume");
    }
    Object changed =
        redis.run(
            Scripts.PAUSE,
            redis.tags().keysOf(topic).all(),
            now(redis),
            List.of(topic, pause ? "1" : "0"));
    return ScriptReply.number(Scripts.PAUSE, changed) == 1;
  }

  /** Which topics are paused: one EXISTS per topic (each topic's flag is its own key). */
  static SortedSet<String> paused(RedisGateway redis) {
    RedisKeys keys = redis.keys();
    SortedSet<String> paused = new TreeSet<>();
    redis
        .tags()
        .all(0)
        .forEach(
            (topic, tag) -> {
              if (redis.call(r -> r.exists(keys.topic(tag).paused()))) {
                paused.add(topic);
              }
            });
    return paused;
  }

  /** Cancels a job (cancel.lua); true unless it was unknown or finished already. */
  static boolean cancel(RedisGateway redis, String jobId, boolean tellSubscribers) {
    Object outcome =
        redis.run(
            Scripts.CANCEL,
            redis.tags().keysOfJob(jobId).all(),
            now(redis),
            List.of(redis.config().retentionArgument(), jobId, tellSubscribers ? "1" : "0"));
    return "cancelled".equals(outcome) || "cancelling".equals(outcome);
  }

  private static long now(RedisGateway redis) {
    return redis.config().clock().millis();
  }
}
