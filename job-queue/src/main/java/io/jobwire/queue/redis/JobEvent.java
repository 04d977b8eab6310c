package io.jobwire.queue.redis;

/** What can happen to a job; {@link JobLifecycle} says which state each event leads to. */
public enum JobEvent {
  /** The broker leased it to a worker ({@code claim.lua}). */
  CLAIMED,
  /** The worker said {@code done} ({@code ack.lua}); accepted even after a requeue. */
  DONE,
  /** The worker said {@code fail} and attempts are left ({@code fail.lua}). */
  FAILED_WILL_RETRY,
  /** {@code fail} with {@code retry:false}, or on the last attempt ({@code fail.lua}). */
  FAILED_FINALLY,
  /** Its retry backoff is over ({@code due.lua}). */
  RETRY_DUE,
  /** Its worker left, died or lost the lease, attempts are left ({@code requeue/due.lua}). */
  LOST,
  /** As {@link #LOST}, on the last attempt. */
  LOST_FINALLY,
  /** Someone cancelled it ({@code cancel.lua}, {@code cancelled.lua}). */
  CANCELLED,
  /** Its deadline passed before it could run ({@code claim.lua}). */
  DEADLINE_PASSED,
  /** It still ran when its deadline passed; its worker is told to cancel ({@code due.lua}). */
  TIMED_OUT,
  /** An operator retried the dead letter ({@code dead_retry.lua}); its attempts start over. */
  REVIVED,
  /**
   * Its front end is gone and another took its subscription over while it ran ({@code
   * reroute.lua}): it runs again for the new one; the lost attempt does not count.
   */
  REROUTED,
  /**
   * It ended while its front end was gone, so nobody saw its end ({@code reroute.lua}): it runs
   * again for the front end that took the subscription over.
   */
  RERUN
}
