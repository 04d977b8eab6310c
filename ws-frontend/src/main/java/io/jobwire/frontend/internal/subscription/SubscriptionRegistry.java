package io.jobwire.frontend.internal.subscription;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every live subscription of this front end, by sub id (for routed ingress messages) and by topic
 * (for {@code publish}). Thread-safe; written by IO threads and {@code jobwire-enqueue}, read by
 * {@code jobwire-ingress}.
 */
public final class SubscriptionRegistry {
  private final Map<String, Subscription> bySub = new ConcurrentHashMap<>();
  private final Map<String, Set<Subscription>> byTopic = new ConcurrentHashMap<>();
  private final Map<String, JobStream> streams = new ConcurrentHashMap<>();
  private final Map<Object, JobStream> shared = new ConcurrentHashMap<>();

  /** The stream workers route to with {@code route.sub = id}, or null. */
  public JobStream stream(String id) {
    return streams.get(id);
  }

  public void addStream(JobStream stream) {
    streams.put(stream.id(), stream);
  }

  public void removeStream(JobStream stream) {
    streams.remove(stream.id(), stream);
    if (stream.shareKey() != null) {
      shared.remove(stream.shareKey(), stream);
    }
  }

  /** The live shared stream for this key, or the one {@code create} makes and registers. */
  public JobStream sharedStream(Object key, java.util.function.Supplier<JobStream> create) {
    return shared.compute(
        key,
        (k, existing) -> {
          if (existing != null
              && existing.phase() != JobStream.Phase.CLOSED
              && existing.phase() != JobStream.Phase.DONE) {
            return existing;
          }
          JobStream stream = create.get();
          streams.put(stream.id(), stream);
          return stream;
        });
  }

  /** The live shared streams. */
  public Iterable<JobStream> sharedStreams() {
    return shared.values();
  }

  /** Forgets a shared stream that will not take new members (its one-shot job ended). */
  public void unshare(JobStream stream) {
    if (stream.shareKey() != null) {
      shared.remove(stream.shareKey(), stream);
    }
  }

  int streamCount() {
    return streams.size();
  }

  public void add(Subscription subscription) {
    bySub.put(subscription.id(), subscription);
    byTopic.compute(
        subscription.topic(),
        (topic, subs) -> {
          Set<Subscription> set = subs == null ? ConcurrentHashMap.newKeySet() : subs;
          set.add(subscription);
          return set;
        });
  }

  /** Removes it; returns false when it was not (or no longer) registered. */
  public boolean remove(Subscription subscription) {
    if (!bySub.remove(subscription.id(), subscription)) {
      return false;
    }
    byTopic.computeIfPresent(
        subscription.topic(),
        (topic, subs) -> {
          subs.remove(subscription);
          return subs.isEmpty() ? null : subs;
        });
    return true;
  }

  /** The subscription with this id, or null. */
  public Subscription get(String subId) {
    return bySub.get(subId);
  }

  /** The live subscriptions of a topic (a live view; may change while iterated). */
  public Iterable<Subscription> ofTopic(String topic) {
    Set<Subscription> subs = byTopic.get(topic);
    return subs == null ? Set.of() : subs;
  }

  public int size() {
    return bySub.size();
  }

  /** Every live subscription (a live view). */
  public Iterable<Subscription> all() {
    return bySub.values();
  }
}
