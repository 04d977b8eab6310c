package io.jobwire.queue;

import io.jobwire.queue.internal.RedisFlowControl;
import java.util.Map;

/**
 * Flow limits per topic, kept in Redis so that every broker enforces them in its claim (see {@link
 * FlowLimits}); a change applies at once to every broker. Every call blocks on Redis.
 */
public interface FlowControl extends AutoCloseable {

  /** Flow control on the Redis {@code config} names; it owns its connections: close it. */
  static FlowControl redis(QueueConfig config) {
    return new RedisFlowControl(config);
  }

  /** Sets the topic's limits ({@link FlowLimits#NONE} lifts them) and wakes the brokers. */
  void set(String topic, FlowLimits limits);

  /** The topic's limits, {@link FlowLimits#NONE} when it has none. */
  FlowLimits get(String topic);

  /** A limited topic: its limits and how many of its jobs run now. */
  record TopicFlow(String topic, FlowLimits limits, long running) {}

  /** Every topic with a limit, by name. */
  Map<String, TopicFlow> limited();

  @Override
  void close();
}
