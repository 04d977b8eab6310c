package io.jobwire.broker.internal.loop;

import io.jobwire.broker.internal.store.Claim;
import java.util.concurrent.CompletableFuture;

/** What other threads hand to the broker loop through its inbox (then {@link Wakeup#signal()}). */
public sealed interface Signal {

  /** Jobs of this topic were enqueued. */
  record JobsEnqueued(String topic) implements Signal {}

  /** An enqueue leased jobs to this broker's standby slots (its handoff channel). */
  record JobsHanded(Claim claim) implements Signal {}

  /** Cancel was asked for this running job. */
  record CancelAsked(String job) implements Signal {}

  /** Someone called {@code runDueWork()} and waits for it. */
  record RunDue(CompletableFuture<Void> done) implements Signal {}
}
