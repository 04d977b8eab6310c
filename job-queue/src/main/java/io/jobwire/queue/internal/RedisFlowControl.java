package io.jobwire.queue.internal;

import io.jobwire.protocol.TopicNames;
import io.jobwire.queue.FlowControl;
import io.jobwire.queue.FlowLimits;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.redis.LuaScript;
import io.jobwire.queue.redis.RedisGateway;
import io.jobwire.queue.redis.RedisKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link FlowControl} on Redis: the topic's {@code flow} hash, set by {@code flow.lua} in the
 * topic's slot (a topic gets its tag here when it has none yet, as on its first enqueue).
 */
public final class RedisFlowControl implements FlowControl {
  private static final LuaScript SET = LuaScript.load("flow");

  private final RedisGateway redis;

  public RedisFlowControl(QueueConfig config) {
    this.redis = new RedisGateway(config);
  }

  @Override
  public void set(String topic, FlowLimits limits) {
    TopicNames.require(topic, "a topic with flow limits");
    redis.run(
        SET,
        redis.tags().keysOf(topic).all(),
        redis.config().clock().millis(),
        List.of(
            topic,
            Integer.toString(limits.maxRunning()),
            Integer.toString(limits.maxRunningPerUser()),
            Integer.toString(limits.rate()),
            Long.toString(limits.ratePer().toMillis())));
  }

  @Override
  public FlowLimits get(String topic) {
    return read(topic);
  }

  @Override
  public Map<String, TopicFlow> limited() {
    Map<String, TopicFlow> out = new TreeMap<>();
    redis
        .tags()
        .all(0)
        .forEach(
            (topic, tag) -> {
              RedisKeys.TopicKeys keys = redis.keys().topic(tag);
              FlowLimits limits = read(keys);
              if (!limits.none()) {
                long running = redis.call(r -> r.scard(keys.running()));
                out.put(topic, new TopicFlow(topic, limits, running));
              }
            });
    return out;
  }

  private FlowLimits read(String topic) {
    String tag = redis.tags().find(topic);
    return tag == null ? FlowLimits.NONE : read(redis.keys().topic(tag));
  }

  private FlowLimits read(RedisKeys.TopicKeys keys) {
    List<String> f =
        redis.call(
            r -> r.hmget(keys.flow(), "max_running", "max_running_per_user", "rate", "rate_ms"));
    return new FlowLimits(
        number(f.get(0)),
        number(f.get(1)),
        number(f.get(2)),
        f.get(3) == null ? null : Duration.ofMillis(Long.parseLong(f.get(3))));
  }

  private static int number(String value) {
    return value == null ? 0 : Integer.parseInt(value);
  }

  @Override
  public void close() {
    redis.close();
  }
}
