package io.jobwire.frontend.internal.subscription;

import io.jobwire.queue.redis.RedisGateway;
import java.util.List;
import java.util.Set;

/**
 * Where a subscription with history in Redis reports that it has something to write (the cluster's
 * history writer); any thread.
 */
public interface WriteThrough {
  void dirty(Subscription sub);

  /**
   * On {@code jobwire-enqueue}, before their jobs ({@code jobIds}, in the order of {@code subs})
   * are queued: the script that writes the first state of {@code subs} next to them, in the same
   * round trip, and which of them it writes; null when the ingress's turns write them all.
   */
  default FirstWrites firstWrites(List<Subscription> subs, List<String> jobIds) {
    return null;
  }

  /** On {@code jobwire-enqueue}: its first write is in Redis, before {@code subscribed} goes. */
  default void firstWritten(Subscription sub) {}

  /** One script writing the first state of {@code subs}. */
  record FirstWrites(RedisGateway.ScriptCall call, Set<Subscription> subs) {}
}
