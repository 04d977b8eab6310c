package io.jobwire.launcher;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.RedisClient;

/** Reads the queue's Redis keys (see job-broker's RedisKeys) to see where jobs are. */
final class JobsInRedis implements AutoCloseable {
  private static final String P = "jobwire:{main}:";
  private final RedisClient redis;

  JobsInRedis(String uri) {
    redis = RedisClient.create(URI.create(uri));
  }

  /** Jobs running now; only those leased to {@code worker} unless it is null. */
  List<String> running(String worker) {
    List<String> found = new ArrayList<>();
    for (String id : redis.zrange(P + "inflight", 0, -1)) {
      if (worker == null || worker.equals(redis.hget(P + "job:" + id, "worker"))) {
        found.add(id);
      }
    }
    return found;
  }

  /** Jobs waiting on the topic's queue. */
  List<String> queued(String topic) {
    return redis.zrange(P + "queue:" + topic, 0, -1);
  }

  /** How often each job was handed to a worker, minus one, summed: executions beyond the first. */
  long extraExecutions(Set<String> jobs) {
    long extra = 0;
    for (String job : jobs) {
      String attempts = redis.hget(P + "job:" + job, "attempts");
      extra += attempts == null ? 0 : Math.max(0, Long.parseLong(attempts) - 1);
    }
    return extra;
  }

  String state(String job) {
    return redis.hget(P + "job:" + job, "state");
  }

  String worker(String job) {
    return redis.hget(P + "job:" + job, "worker");
  }

  @Override
  public void close() {
    redis.close();
  }
}
