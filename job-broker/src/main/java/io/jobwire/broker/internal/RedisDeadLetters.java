package io.jobwire.broker.internal;

import io.jobwire.broker.DeadLetter;
import io.jobwire.broker.DeadLetters;
import io.jobwire.broker.QueueConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.resps.Tuple;

/** {@link DeadLetters} on the {@code dead} ZSET and the job hashes (see {@link RedisKeys}). */
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
    RedisKeys keys = redis.keys();
    List<Tuple> newest = redis.call(r -> r.zrevrangeWithScores(keys.dead(), 0, limit - 1));
    List<DeadLetter> found = new ArrayList<>(newest.size());
    for (Tuple entry : newest) {
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
    return redis.call(r -> r.zcard(redis.keys().dead()));
  }

  @Override
  public boolean retry(String jobId) {
    return redis.run(Scripts.DEAD_RETRY, now(), List.of(jobId)) != null;
  }

  @Override
  public long purge() {
    long total = 0;
    while (true) {
      long deleted =
          (Long) redis.run(Scripts.DEAD_PURGE, now(), List.of(Integer.toString(PURGE_BATCH)));
      total += deleted;
      if (count() == 0) {
        return total;
      }
    }
  }

  private long now() {
    return redis.config().clock().millis();
  }

  @Override
  public void close() {
    redis.close();
  }
}
