package io.jobwire.queue.internal;

import io.jobwire.queue.DeadLetter;
import io.jobwire.queue.DeadLetters;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.redis.JobRecords;
import io.jobwire.queue.redis.Json;
import io.jobwire.queue.redis.RedisGateway;
import io.jobwire.queue.redis.RedisKeys;
import io.jobwire.queue.redis.ScriptReply;
import io.jobwire.queue.redis.Scripts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.resps.Tuple;

/**
 * {@link DeadLetters} on each topic's {@code dead} ZSET and the job hashes (see {@link RedisKeys}).
 */
public final class RedisDeadLetters implements DeadLetters {
  private static final int PURGE_BATCH = 500;

  private final RedisGateway redis;

  public RedisDeadLetters(QueueConfig config) {
    this.redis = new RedisGateway(config);
  }

  @Override
  public List<DeadLetter> list(int limit) {
    if (limit < 1) {
      return List.of();
    }
    // the newest `limit` of each topic, then the newest `limit` of those
    List<Tuple> newest = new ArrayList<>();
    for (String tag : redis.tags().all(0).values()) {
      String dead = redis.keys().topic(tag).dead();
      newest.addAll(redis.call(r -> r.zrevrangeWithScores(dead, 0, limit - 1)));
    }
    newest.sort(Comparator.comparingDouble(Tuple::getScore).reversed());
    List<DeadLetter> found = new ArrayList<>(limit);
    for (Tuple entry : newest.subList(0, Math.min(limit, newest.size()))) {
      String id = entry.getElement();
      Map<String, String> job = JobRecords.read(redis, id, now());
      if (!"dead".equals(job.get("state"))) {
        continue; // its record expired, or it was retried meanwhile
      }
      found.add(
          new DeadLetter(
              id,
              job.get("topic"),
              Json.tree(job.get("params")),
              Integer.parseInt(job.getOrDefault("attempts", "0")),
              Integer.parseInt(job.getOrDefault("max_attempts", "0")),
              Json.error(job.get("error")),
              Long.parseLong(job.getOrDefault("created", "0")),
              (long) entry.getScore()));
    }
    return found;
  }

  @Override
  public long count() {
    long total = 0;
    for (String tag : redis.tags().all(0).values()) {
      String dead = redis.keys().topic(tag).dead();
      total += redis.call(r -> r.zcard(dead));
    }
    return total;
  }

  @Override
  public boolean retry(String jobId) {
    List<String> keys = redis.tags().keysOfJob(jobId).all();
    return redis.run(Scripts.DEAD_RETRY, keys, now(), List.of(jobId)) != null;
  }

  @Override
  public long purge() {
    long total = 0;
    for (String tag : redis.tags().all(0).values()) {
      List<String> keys = redis.keys().topic(tag).all();
      while (true) {
        long deleted =
            ScriptReply.number(
                Scripts.DEAD_PURGE,
                redis.run(Scripts.DEAD_PURGE, keys, now(), List.of(Integer.toString(PURGE_BATCH))));
        total += deleted;
        if (redis.call(r -> r.zcard(keys.get(4))) == 0) {
          break;
        }
      }
    }
    return total;
  }

  private long now() {
    return redis.config().clock().millis();
  }

  @Override
  public void close() {
    redis.close();
  }
}
