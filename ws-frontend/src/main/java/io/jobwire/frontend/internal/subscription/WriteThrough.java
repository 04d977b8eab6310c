package io.jobwire.frontend.internal.subscription;

/**
 * Where a subscription with history in Redis reports that it has something to write (the cluster's
 * history writer); any thread.
 */
public interface WriteThrough {
  void dirty(Subscription sub);
}
