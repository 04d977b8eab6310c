package io.jobwire.queue.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.ErrorInfo;
import io.jobwire.queue.FlowLimits;
import io.jobwire.queue.Monitor;
import io.jobwire.queue.MonitorSnapshot;
import io.jobwire.queue.MonitorSnapshot.BrokerInfo;
import io.jobwire.queue.MonitorSnapshot.FailureInfo;
import io.jobwire.queue.MonitorSnapshot.FrontendInfo;
import io.jobwire.queue.MonitorSnapshot.LimitInfo;
import io.jobwire.queue.MonitorSnapshot.QueueInfo;
import io.jobwire.queue.MonitorSnapshot.WorkerInfo;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.redis.Json;
import io.jobwire.queue.redis.LuaScript;
import io.jobwire.queue.redis.RedisGateway;
import io.jobwire.queue.redis.RedisKeys;
import io.jobwire.queue.redis.RedisSchedules;
import io.jobwire.queue.redis.ScriptReply;
import io.jobwire.queue.redis.Scripts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@link Monitor} on Redis: one read-only script per topic for its job sets (all in one round
 * trip), HGETALLs for the rest.
 */
public final class RedisMonitor implements Monitor {
  private static final LuaScript SNAPSHOT = LuaScript.load("monitor");
  private static final int FAILURES = 20;

  private final RedisGateway redis;
  private final boolean ownsGateway;

  RedisMonitor(RedisGateway redis, boolean ownsGateway) {
    this.redis = redis;
    this.ownsGateway = ownsGateway;
  }

  public static Monitor create(QueueConfig config) {
    return new RedisMonitor(new RedisGateway(config), true);
  }

  @Override
  public MonitorSnapshot snapshot() {
    long now = redis.config().clock().millis();
    List<String> topics = new ArrayList<>();
    List<RedisGateway.ScriptCall> calls = new ArrayList<>();
    List<String> args = List.of(Integer.toString(FAILURES));
    redis
        .tags()
        .all(0)
        .forEach(
            (topic, tag) -> {
              topics.add(topic);
              calls.add(new RedisGateway.ScriptCall(SNAPSHOT, redis.keys().topic(tag).all(), args));
            });
    List<Object> replies = calls.isEmpty() ? List.of() : redis.runAll(now, calls);
    long enqueued = 0;
    List<QueueInfo> queues = new ArrayList<>();
    List<FailureInfo> failures = new ArrayList<>();
    List<LimitInfo> limits = new ArrayList<>();
    for (int t = 0; t < replies.size(); t++) {
      if (replies.get(t) instanceof RuntimeException e) {
        throw e;
      }
      // monitor.lua: {seq, {queued, running, delayed, dead}, failures, limits}
      ScriptReply reply = ScriptReply.of(SNAPSHOT, replies.get(t));
      String topic = topics.get(t);
      enqueued += reply.numberText(0);
      ScriptReply c = reply.list(1);
      queues.add(new QueueInfo(topic, c.number(0), c.number(1), c.number(2), c.number(3)));
      for (ScriptReply entry : reply.list(2).lists()) {
        failures.add(failure(topic, entry));
      }
      ScriptReply flow = reply.list(3);
      if (!flow.isEmpty()) {
        limits.add(limit(topic, flow));
      }
    }
    limits.sort(Comparator.comparing(LimitInfo::topic));
    queues.sort(Comparator.comparing(QueueInfo::topic));
    failures.sort(Comparator.comparingLong(FailureInfo::at).reversed());
    if (failures.size() > FAILURES) {
      failures = new ArrayList<>(failures.subList(0, FAILURES));
    }
    List<WorkerInfo> workers = read(redis.keys().workers(), RedisMonitor::worker);
    workers.sort(Comparator.comparing(WorkerInfo::id));
    return new MonitorSnapshot(
        now,
        enqueued,
        List.copyOf(queues),
        List.copyOf(workers),
        List.copyOf(read(redis.keys().brokers(), RedisMonitor::broker)),
        List.copyOf(read(redis.keys().frontends(), RedisMonitor::frontend)),
        List.copyOf(failures),
        List.copyOf(QueueControls.paused(redis)),
        new RedisSchedules(redis, false)
            .list().stream().map(MonitorSnapshot.ScheduleInfo::of).toList(),
        List.copyOf(limits));
  }

  /** From monitor.lua's {max_running, max_running_per_user, rate, rate_ms, running}. */
  private static LimitInfo limit(String topic, ScriptReply f) {
    var flow =
        new FlowLimits(
            (int) f.numberText(0),
            (int) f.numberText(1),
            (int) f.numberText(2),
            Duration.ofMillis(f.numberText(3)));
    return new LimitInfo(
        topic, flow.maxRunning(), flow.maxRunningPerUser(), flow.rateText(), f.number(4));
  }

  /** From monitor.lua's {id, state, attempts, error_json, updated}. */
  private static FailureInfo failure(String topic, ScriptReply f) {
    ErrorInfo error = Json.error(f.string(3));
    return new FailureInfo(
        f.string(0),
        topic,
        f.string(1),
        (int) f.numberText(2),
        error == null ? "" : error.code(),
        error == null ? "" : error.message(),
        f.numberText(4));
  }

  /** The fresh records of a published hash, decoded; corrupt ones are skipped. */
  private <T> List<T> read(String key, Function<JsonNode, T> decode) {
    Map<String, String> hash = redis.call(r -> r.hgetAll(key));
    long oldest = System.currentTimeMillis() - FRESH_MILLIS;
    List<T> found = new ArrayList<>();
    for (String json : hash.values()) {
      JsonNode node;
      try {
        node = Json.tree(json);
      } catch (IllegalStateException e) {
        continue;
      }
      if (node != null && node.path("updated").asLong() >= oldest) {
        found.add(decode.apply(node));
      }
    }
    return found;
  }

  private static WorkerInfo worker(JsonNode n) {
    List<String> topics = new ArrayList<>();
    n.path("topics").forEach(t -> topics.add(t.asText()));
    return new WorkerInfo(
        n.path("id").asText(),
        List.copyOf(topics),
        n.path("capacity").asInt(),
        n.path("busy").asInt(),
        n.path("last_seen").asLong(),
        n.path("broker").asText());
  }

  private static BrokerInfo broker(JsonNode n) {
    return new BrokerInfo(
        n.path("id").asText(),
        n.path("endpoint").asText(),
        n.path("workers").asInt(),
        n.path("running").asInt(),
        n.path("assigned").asLong(),
        n.path("succeeded").asLong(),
        n.path("failed").asLong(),
        n.path("retried").asLong(),
        n.path("dead").asLong(),
        n.path("wait_ms").asDouble(),
        n.path("run_ms").asDouble(),
        n.path("updated").asLong());
  }

  private static FrontendInfo frontend(JsonNode n) {
    return new FrontendInfo(
        n.path("id").asText(),
        n.path("connections").asInt(),
        n.path("subscriptions").asInt(),
        n.path("deliveries").asLong(),
        n.path("updated").asLong(),
        n.path("reply_to").asText());
  }

  @Override
  public Served served() {
    Set<String> topics = new HashSet<>();
    read(redis.keys().workers(), RedisMonitor::worker).forEach(w -> topics.addAll(w.topics()));
    List<BrokerInfo> brokers = read(redis.keys().brokers(), RedisMonitor::broker);
    long oldest = brokers.stream().mapToLong(BrokerInfo::updated).min().orElse(0);
    return new Served(Set.copyOf(topics), brokers.size(), oldest);
  }

  @Override
  public boolean ping() {
    try {
      return "PONG".equalsIgnoreCase(redis.call(r -> r.ping()));
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public boolean retryDead(String jobId) {
    // the same script as DeadLetters.retry: one way for a dead letter to go back on its queue
    long now = redis.config().clock().millis();
    return redis.run(Scripts.DEAD_RETRY, redis.tags().keysOfJob(jobId).all(), now, List.of(jobId))
        != null;
  }

  @Override
  public boolean pause(String topic) {
    return QueueControls.pause(redis, topic, true);
  }

  @Override
  public boolean resume(String topic) {
    return QueueControls.pause(redis, topic, false);
  }

  @Override
  public boolean cancel(String jobId) {
    return QueueControls.cancel(redis, jobId, true);
  }

  @Override
  public Optional<String> runSchedule(String name) {
    return new RedisSchedules(redis, false).runNow(name);
  }

  @Override
  public void publishFrontend(String frontendId, String json) {
    String key = redis.keys().frontends();
    redis.call(
        r -> {
          r.hset(key, frontendId, json);
          return r.pexpire(key, RedisKeys.OBSERVED_EXPIRE_MILLIS);
        });
  }

  @Override
  public void forgetFrontend(String frontendId) {
    redis.call(r -> r.hdel(redis.keys().frontends(), frontendId));
  }

  @Override
  public void close() {
    if (ownsGateway) {
      redis.close();
    }
  }
}
