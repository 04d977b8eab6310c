package io.jobwire.frontend.internal.wamp;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.frontend.internal.connection.ClientConnection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The WAMP subscriptions of this front end, by topic: who hears a {@code publish}. Unlike a {@code
 * jobwire.v1} subscription they start no job, number nothing and outlive nothing: an {@code EVENT}
 * goes out and is forgotten. Thread-safe; written by IO threads, read by {@code jobwire-ingress}.
 */
public final class WampTopics {

  /** One WAMP subscription: the connection and the id it knows the subscription by. */
  record Listener(ClientConnection connection, long subscription) {}

  private final ConcurrentHashMap<String, Set<Listener>> byTopic = new ConcurrentHashMap<>();

  void add(String topic, Listener listener) {
    byTopic.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(listener);
  }

  void remove(String topic, Listener listener) {
    byTopic.computeIfPresent(
        topic,
        (t, listeners) -> {
          listeners.remove(listener);
          return listeners.isEmpty() ? null : listeners;
        });
  }

  /**
   * On {@code jobwire-ingress}: an {@code EVENT} to every listener of {@code topic} but those on
   * {@code excluded} (the publisher, or null), as {@code publication} (0: a new id); returns how
   * many it reached.
   */
  public int deliver(String topic, JsonNode data, ClientConnection excluded, long publication) {
    Set<Listener> listeners = byTopic.get(topic);
    if (listeners == null) {
      return 0;
    }
    long id = publication != 0 ? publication : newId();
    int reached = 0;
    for (Listener listener : listeners) {
      if (listener.connection() != excluded) {
        listener.connection().sendText(WampReply.event(listener.subscription(), id, data));
        reached++;
      }
    }
    return reached;
  }

  /** A random WAMP id (sessions, subscriptions, publications), as the spec asks: 1..2^53. */
  static long newId() {
    return ThreadLocalRandom.current().nextLong(1, WampDecoder.MAX_ID + 1);
  }
}
