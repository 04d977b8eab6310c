package io.jobwire.broker.internal.workers;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * This broker's standby tokens as it sees them (lease.lua): the topics it stands by for and, per
 * topic, the handed jobs that reached it since its last claim there, by worker. The next claim on
 * the topic tells Redis those, which leaves out the slots of the jobs still on their way. Broker
 * thread only.
 */
final class Standby {
  /** Topic to worker name to handed jobs arrived since the topic's last claim. */
  private final Map<String, Map<String, Integer>> arrived = new HashMap<>();

  /** Topics where this broker may have a token. */
  Set<String> topics() {
    return arrived.keySet();
  }

  boolean holds(String topic) {
    return arrived.containsKey(topic);
  }

  /**
   * What to tell the next claim on {@code topic}: the jobs handed that reached us since the last.
   */
  Map<String, Integer> arrived(String topic) {
    return arrived.getOrDefault(topic, Map.of());
  }

  /** A claim on {@code topic} ran; it left a token or not. */
  void claimed(String topic, boolean standing) {
    if (standing) {
      arrived.put(topic, new LinkedHashMap<>());
    } else {
      arrived.remove(topic);
    }
  }

  /** A job handed to {@code worker} reached this broker. */
  void arrived(String topic, String worker) {
    Map<String, Integer> ofTopic = arrived.get(topic);
    if (ofTopic != null) {
      ofTopic.merge(worker, 1, Integer::sum);
    }
  }

  /** The tokens are gone. */
  void clear() {
    arrived.clear();
  }
}
