package io.jobwire.frontend.internal.subscription;

import io.jobwire.queue.redis.RedisGateway;

/**
 * Where a subscription with history in Redis reports that it has something to write (the cluster's
 * history writer); any thread.
 */
public interface WriteThrough {
  void dirty(Subscription sub);

  /**
   * On {@code jobwire-enqueue}, before {@code jobId} is queued: the script that writes {@code
   * sub}'s first state next to its job, in the same round trip; null when the ingress's turn writes
   * it.
   */
  default RedisGateway.ScriptCall firstWrite(Subscription sub, String jobId) {
    return null;
  }

  /**
   * On {@code jobwire-enqueue}: {@link #firstWrite} is in Redis, before {@code subscribed} goes.
   */
  default void firstWritten(Subscription sub) {}
}
