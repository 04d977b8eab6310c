package io.jobwire.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ProtocolException;
import io.jobwire.queue.redis.RedisKeys;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisDataException;

/** Reads the queue's Redis keys (see job-broker's RedisKeys) to see where jobs are. */
final class JobsInRedis implements AutoCloseable {
  private static final RedisKeys KEYS = new RedisKeys(RedisKeys.DEFAULT_NAMESPACE);
  private final RedisClient redis;

  JobsInRedis(String uri) {
    redis = RedisClient.create(URI.create(uri));
  }

  /** Jobs running now; only those leased to {@code worker} unless it is null. */
  List<String> running(String worker) {
    List<String> found = new ArrayList<>();
    for (String tag : redis.hvals(KEYS.tags())) {
      for (String id : redis.zrange(KEYS.topic(tag).inflight(), 0, -1)) {
        if (worker == null || worker.equals(field(id, "worker"))) {
          found.add(id);
        }
      }
    }
    return found;
  }

  /** Jobs waiting on the topic's queue. */
  List<String> queued(String topic) {
    String tag = redis.hget(KEYS.tags(), topic);
    return tag == null ? List.of() : redis.zrange(KEYS.topic(tag).queue(), 0, -1);
  }

  /** How often each job was handed to a worker, minus one, summed: executions beyond the first. */
  long extraExecutions(Set<String> jobs) {
    long extra = 0;
    for (String job : jobs) {
      String attempts = field(job, "attempts");
      extra += attempts == null ? 0 : Math.max(0, Long.parseLong(attempts) - 1);
    }
    return extra;
  }

  String state(String job) {
    return field(job, "state");
  }

  String worker(String job) {
    return field(job, "worker");
  }

  /**
   * A field of a job's hash; a finished job keeps a compact JSON record instead (see job-broker's
   * common.lua): its state ("s") and attempts ("a"), no worker. The job may finish (or run again)
   * between two reads: each read is tried as the other kind once it meets the wrong type.
   */
  private String field(String job, String name) {
    String key = KEYS.job(job);
    JedisDataException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        return redis.hget(key, name);
      } catch (JedisDataException e) { // WRONGTYPE: finished, a compact record
        last = e;
      }
      try {
        return compactField(redis.get(key), name);
      } catch (JedisDataException e) { // WRONGTYPE: it runs again, a hash
        last = e;
      }
    }
    throw last;
  }

  private static String compactField(String json, String name) {
    if (json == null) {
      return null;
    }
    JsonNode record;
    try {
      record = Codec.parse(json);
    } catch (ProtocolException e) {
      throw new IllegalStateException(e);
    }
    var value =
        switch (name) {
          case "state" -> record.path("s");
          case "attempts" -> record.path("a");
          default -> record.path("-");
        };
    return value.isMissingNode() ? null : value.asText();
  }

  @Override
  public void close() {
    redis.close();
  }
}
