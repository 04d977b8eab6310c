package io.jobwire.queue;

import io.jobwire.queue.internal.RedisMonitor;
import java.util.Optional;
import java.util.Set;

/**
 * A read-mostly view of a jobwire deployment as Redis records it: queues per topic, the workers and
 * front ends that brokers and front ends publish there, recent failures. Used by the dashboard,
 * {@code jobwire status} and the health checks.
 *
 * <p>Every call blocks on Redis: call it from a thread of your own, never from an event loop.
 */
public interface Monitor extends AutoCloseable {

  /** Workers, brokers and front ends not heard of for this long are left out of snapshots. */
  long FRESH_MILLIS = 10_000;

  /** A monitor with its own connection pool on the Redis {@code config} names. */
  static Monitor redis(QueueConfig config) {
    return RedisMonitor.create(config);
  }

  /** Everything at once, read in a few round trips. */
  MonitorSnapshot snapshot();

  /**
   * What the live brokers last published about their workers, in two HGETALLs.
   *
   * @param topics the topics their workers serve
   * @param brokers how many brokers published lately
   * @param oldestUpdate wall-clock ms of the least recent of their publications: every worker that
   *     joined a broker before it is in {@code topics}
   */
  record Served(Set<String> topics, int brokers, long oldestUpdate) {}

  /** The topics live workers serve, as their brokers last published them. */
  Served served();

  /** True when Redis answers a PING. Never throws. */
  boolean ping();

  /**
   * Puts a dead job back on its topic's queue with its attempts reset. Returns false when the job
   * is not (or no longer) dead.
   */
  boolean retryDead(String jobId);

  /** Pauses a topic on every broker (see {@link JobQueue#pause}); false if it was paused. */
  default boolean pause(String topic) {
    throw new UnsupportedOperationException("this monitor cannot pause topics");
  }

  /** Resumes a paused topic (see {@link JobQueue#resume}); false if it was not paused. */
  default boolean resume(String topic) {
    throw new UnsupportedOperationException("this monitor cannot pause topics");
  }

  /**
   * Cancels a job and tells its subscribers (see {@link JobQueue#cancel(String, boolean)}); false
   * when it is unknown or finished.
   */
  default boolean cancel(String jobId) {
    throw new UnsupportedOperationException("this monitor cannot cancel jobs");
  }

  /** Queues a run of a schedule now (see {@link Schedules#runNow}); empty if there is none. */
  default Optional<String> runSchedule(String name) {
    throw new UnsupportedOperationException("this monitor cannot run schedules");
  }

  /** Records a front end's counters (a JSON object) for the dashboard and {@code status}. */
  void publishFrontend(String frontendId, String json);

  /** Removes a front end's record, e.g. when it stops. */
  void forgetFrontend(String frontendId);

  @Override
  void close();
}
