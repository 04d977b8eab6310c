package io.jobwire.frontend.internal.lifecycle;

import io.jobwire.frontend.internal.subscription.JobStream;
import io.jobwire.frontend.internal.subscription.WriteThrough;

/**
 * What subscriptions and streams need from the other front ends on the same Redis (the {@code
 * cluster} package implements it); null when this front end is alone. Every method returns at once:
 * Redis calls run on {@code jobwire-cluster}.
 */
public interface Peers {

  /**
   * How long a lease lasts without renewal: a shared stream's holder, and the route of a scheduled
   * topic's runs to this front end.
   */
  long LEASE_MILLIS = 3_000;

  /** True when subscriptions keep their state and history in Redis (resumable anywhere). */
  boolean historyInRedis();

  /** Where a subscription with history in Redis says it has something to write. */
  WriteThrough writer();

  /**
   * A subscription (or stream) ended here: its state is deleted if this front end still owns it,
   * and then (only then) {@code cancel} runs, if not null.
   */
  void release(String subId, Runnable cancel);

  /** A new local stream of a shared topic; its first run waits for the lease. */
  void sharedJoined(JobStream stream);

  /** The holder of a shared stream queued a run; every front end hears its job. */
  void sharedStarted(JobStream stream, String job);

  /** The holder's one-shot run of a shared stream ended; the next subscriber starts one. */
  void sharedDone(JobStream stream);

  /** A shared stream's last local member left: {@code cancel} runs if nobody anywhere follows. */
  void sharedLeft(JobStream stream, String job, Runnable cancel);
}
