package io.jobwire.queue.redis;

import static io.jobwire.protocol.JobState.CANCELLED;
import static io.jobwire.protocol.JobState.DEAD;
import static io.jobwire.protocol.JobState.DELAYED;
import static io.jobwire.protocol.JobState.FAILED;
import static io.jobwire.protocol.JobState.QUEUED;
import static io.jobwire.protocol.JobState.RUNNING;
import static io.jobwire.protocol.JobState.SUCCEEDED;

import io.jobwire.protocol.JobState;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of job state transitions. The Lua scripts carry them out atomically in Redis; this
 * table is what they must agree with (checked by {@code JobLifecycleTest} and the broker tests). A
 * new job starts {@code queued}, or {@code delayed} when scheduled for later; final states have no
 * way out, except that an operator may revive a dead letter and that a job whose end went to a
 * front end that is gone runs again ({@code JobQueue.reroute}).
 *
 * <pre>
 *             CLAIMED               DONE
 *   queued ───────────► running ──────────► succeeded
 *     ▲  ▲                │ │ │ FAILED_FINALLY / LOST_FINALLY
 *     │  └──── LOST ──────┘ │ └──────────────────────► dead
 *     │                     │ FAILED_WILL_RETRY
 *     └──── RETRY_DUE ── delayed
 *   queued, delayed, running ── CANCELLED ──► cancelled;  queued ── DEADLINE_PASSED ──► failed
 *   running ── TIMED_OUT ──► failed;  dead ── REVIVED ──► queued
 *   running ── REROUTED ──► queued;  succeeded, failed, dead ── RERUN ──► queued  (front end gone)
 * </pre>
 */
public final class JobLifecycle {
  private static final Map<JobState, Map<JobEvent, JobState>> TABLE = new EnumMap<>(JobState.class);

  static {
    on(QUEUED, JobEvent.CLAIMED, RUNNING);
    on(QUEUED, JobEvent.CANCELLED, CANCELLED);
    on(QUEUED, JobEvent.DEADLINE_PASSED, FAILED);
    on(QUEUED, JobEvent.DONE, SUCCEEDED);
    on(RUNNING, JobEvent.DONE, SUCCEEDED);
    on(RUNNING, JobEvent.FAILED_WILL_RETRY, DELAYED);
    on(RUNNING, JobEvent.FAILED_FINALLY, DEAD);
    on(RUNNING, JobEvent.LOST, QUEUED);
    on(RUNNING, JobEvent.LOST_FINALLY, DEAD);
    on(RUNNING, JobEvent.CANCELLED, CANCELLED);
    on(RUNNING, JobEvent.TIMED_OUT, FAILED);
    on(DELAYED, JobEvent.RETRY_DUE, QUEUED);
    on(DELAYED, JobEvent.CANCELLED, CANCELLED);
    on(DELAYED, JobEvent.DONE, SUCCEEDED);
    on(DEAD, JobEvent.REVIVED, QUEUED);
    on(RUNNING, JobEvent.REROUTED, QUEUED);
    on(SUCCEEDED, JobEvent.RERUN, QUEUED);
    on(FAILED, JobEvent.RERUN, QUEUED);
    on(DEAD, JobEvent.RERUN, QUEUED);
  }

  private JobLifecycle() {}

  private static void on(JobState from, JobEvent event, JobState to) {
    TABLE.computeIfAbsent(from, s -> new EnumMap<>(JobEvent.class)).put(event, to);
  }

  /** The state {@code event} leads to from {@code state}, or empty if it cannot happen there. */
  public static Optional<JobState> next(JobState state, JobEvent event) {
    return Optional.ofNullable(TABLE.getOrDefault(state, Map.of()).get(event));
  }

  public static boolean allows(JobState from, JobState to) {
    return TABLE.getOrDefault(from, Map.of()).containsValue(to);
  }
}
