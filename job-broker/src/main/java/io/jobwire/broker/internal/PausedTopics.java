package io.jobwire.broker.internal;

import java.util.SortedSet;
import java.util.TreeSet;

/** Which topics are paused: one EXISTS per known topic (each topic's flag is its own key). */
final class PausedTopics {
  private PausedTopics() {}

  static SortedSet<String> read(RedisGateway redis) {
    RedisKeys keys = redis.keys();
    SortedSet<String> paused = new TreeSet<>();
    for (String topic : redis.call(r -> r.smembers(keys.topics()))) {
      if (redis.call(r -> r.exists(keys.paused(topic)))) {
        paused.add(topic);
      }
    }
    return paused;
  }
}
