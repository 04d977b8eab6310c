package io.jobwire.broker.internal.observe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.broker.BrokerStats;
import io.jobwire.broker.internal.workers.WorkerEntry;
import io.jobwire.broker.internal.workers.WorkerRegistry;
import io.jobwire.protocol.Codec;
import io.jobwire.queue.redis.RedisGateway;
import io.jobwire.queue.redis.RedisKeys;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Writes the broker's worker registry and counters to Redis (see {@link RedisKeys}) so that other
 * processes (the dashboard, {@code jobwire status}) can show them. Broker thread only; at most once
 * a second, whatever the loop's pace.
 */
public final class RegistryPublisher {
  private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final RedisGateway redis;
  private final String brokerId;
  private final String endpoint;
  private final Set<String> published = new HashSet<>();
  private long lastNanos = System.nanoTime() - INTERVAL_NANOS;

  public RegistryPublisher(RedisGateway redis, String endpoint) {
    this.redis = redis;
    this.endpoint = endpoint;
    this.brokerId = ManagementFactory.getRuntimeMXBean().getName() + "/" + endpoint;
  }

  /** Publishes when a second has passed since the last time; {@code now} is the broker clock. */
  public void maybePublish(WorkerRegistry registry, BrokerStats stats, JobMeter meter, long now) {
    if (System.nanoTime() - lastNanos < INTERVAL_NANOS) {
      return;
    }
    lastNanos = System.nanoTime();
    long wall = System.currentTimeMillis();
    Map<String, String> workers = new HashMap<>();
    for (WorkerEntry worker : registry.all()) {
      ObjectNode json = Codec.mapper().createObjectNode();
      json.put("id", worker.name);
      json.putPOJO("topics", worker.topics);
      json.put("capacity", worker.capacity);
      json.put("busy", worker.running.size());
      json.put("last_seen", wall - Math.max(0, now - worker.lastSeen));
      json.put("broker", brokerId);
      json.put("updated", wall);
      workers.put(worker.name, Codec.encode(json));
    }
    ObjectNode broker = Codec.mapper().createObjectNode();
    broker.put("id", brokerId);
    broker.put("endpoint", endpoint);
    broker.put("workers", stats.workers());
    broker.put("running", stats.running());
    broker.put("assigned", stats.assigned());
    broker.put("succeeded", meter.succeeded.sum());
    broker.put("failed", meter.failed.sum());
    broker.put("retried", meter.retried.sum());
    broker.put("dead", meter.dead.sum());
    broker.put("wait_ms", meter.takeWaitMillis());
    broker.put("run_ms", meter.takeRunMillis());
    broker.put("updated", wall);
    Set<String> gone = new HashSet<>(published);
    gone.removeAll(workers.keySet());
    String workersKey = redis.keys().workers();
    String brokersKey = redis.keys().brokers();
    redis.call(
        r -> {
          if (!workers.isEmpty()) {
            r.hset(workersKey, workers);
            r.pexpire(workersKey, RedisKeys.OBSERVED_EXPIRE_MILLIS);
          }
          if (!gone.isEmpty()) {
            r.hdel(workersKey, gone.toArray(String[]::new));
          }
          r.hset(brokersKey, brokerId, Codec.encode(broker));
          return r.pexpire(brokersKey, RedisKeys.OBSERVED_EXPIRE_MILLIS);
        });
    published.clear();
    published.addAll(workers.keySet());
  }

  /** Removes what this broker published; best effort, when it stops. */
  public void retire() {
    List<String> names = List.copyOf(published);
    redis.call(
        r -> {
          if (!names.isEmpty()) {
            r.hdel(redis.keys().workers(), names.toArray(String[]::new));
          }
          return r.hdel(redis.keys().brokers(), brokerId);
        });
    published.clear();
  }
}
