package io.jobwire.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.queue.internal.RedisJobQueue;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The enqueue side of jobwire's Redis queue, used by front ends and the terminal.
 *
 * <p>Every call blocks on Redis: call it from a thread of your own, never from an event loop.
 * Implementations are thread-safe.
 */
public interface JobQueue extends AutoCloseable {

  /**
   * A queue on the Redis at {@code redisUri} ({@code redis://HOST:PORT}) with default settings. The
   * queue owns its connection pool: close it when done.
   */
  static JobQueue redis(String redisUri) {
    return redis(QueueConfig.builder().redisUri(redisUri).build());
  }

  /** A queue on Redis configured by {@code config}. */
  static JobQueue redis(QueueConfig config) {
    return new RedisJobQueue(config);
  }

  /**
   * Durably queues the jobs in one round trip and returns their ids, in order. When this returns,
   * every job is in Redis and will run at least once.
   *
   * @throws QueueUnavailableException while Redis cannot be reached
   */
  List<String> enqueue(List<JobRequest> requests);

  default String enqueue(JobRequest request) {
    return enqueue(List.of(request)).get(0);
  }

  /**
   * Durably queues a batch: its children that wait for nothing at once, the others (and its
   * callback) by a broker once what they wait for is over. When this returns the whole batch is in
   * Redis; brokers count its children as they finish and run its callback once.
   *
   * @throws QueueUnavailableException while Redis cannot be reached
   */
  default BatchReceipt enqueueBatch(BatchRequest batch) {
    throw new UnsupportedOperationException("this queue cannot queue batches");
  }

  /** The batch's state, or empty when no such batch exists (or its record has expired). */
  default Optional<BatchStatus> batch(String batchId) {
    return Optional.empty();
  }

  /** The job's state record, or empty when no such job exists (or its record has expired). */
  Optional<JobStatus> status(String jobId);

  /**
   * Drops a queued or delayed job (it ends {@code cancelled} at once), or asks the broker to cancel
   * a running one (its worker gets {@code cancel}). Its subscribers are not told: this is the
   * cancel for a job nobody listens to any more. Returns false if the job is unknown or already
   * finished. A batch's id ({@code b-…}) cancels every job of the batch not finished yet; the batch
   * then completes with them counted {@code cancelled}.
   *
   * @throws QueueUnavailableException while Redis cannot be reached
   */
  boolean cancel(String jobId);

  /**
   * As {@link #cancel(String)}; with {@code tellSubscribers} its subscribers get {@code failed}
   * with code {@code cancelled} (sent by a broker: a queued job's notice waits in Redis until one
   * runs). This is what {@code jobwire cancel} and the dashboard do.
   *
   * @throws QueueUnavailableException while Redis cannot be reached
   */
  default boolean cancel(String jobId, boolean tellSubscribers) {
    if (tellSubscribers) {
      throw new UnsupportedOperationException("this queue cannot tell subscribers of a cancel");
    }
    return cancel(jobId);
  }

  /**
   * Pauses a topic on every broker: its queued jobs wait, new jobs are still taken and wait too,
   * running ones finish. Returns false when it was already paused.
   *
   * @throws QueueUnavailableException while Redis cannot be reached
   */
  default boolean pause(String topic) {
    throw new UnsupportedOperationException("this queue cannot pause topics");
  }

  /**
   * Resumes a paused topic; brokers are woken and claim its jobs at once. Returns false when it was
   * not paused.
   *
   * @throws QueueUnavailableException while Redis cannot be reached
   */
  default boolean resume(String topic) {
    throw new UnsupportedOperationException("this queue cannot pause topics");
  }

  /**
   * Sends the runs of {@code topic}'s schedules to a front end for the next {@code leaseMillis}:
   * they are queued with {@code replyTo} and {@code route}, and the shared stream {@code streamId}
   * learns each run. The front end that holds a scheduled topic's stream calls this again before
   * the lease ends, as long as clients follow it.
   *
   * @throws QueueUnavailableException while Redis cannot be reached
   */
  default void routeRuns(
      String topic, String replyTo, JsonNode route, String streamId, long leaseMillis) {
    throw new UnsupportedOperationException("this queue cannot route scheduled runs");
  }

  /** The topics paused now, sorted. */
  default SortedSet<String> paused() {
    return new TreeSet<>();
  }

  /**
   * Sends a job's further messages to another front end: its {@code reply_to} and {@code route} are
   * rewritten. A queued or delayed job just waits with the new address ({@code REROUTED}); a
   * running one goes back on its queue as a new attempt that does not count as a failure, and its
   * old worker's late {@code done}, {@code fail} and heartbeats are ignored ({@code REQUEUED}); a
   * succeeded, failed or dead job runs again ({@code RERUN}): call this only when its final message
   * did not reach anybody. A cancelled job is left alone ({@code FINAL}).
   *
   * @throws QueueUnavailableException while Redis cannot be reached
   */
  default Reroute reroute(String jobId, String replyTo, JsonNode route) {
    throw new UnsupportedOperationException("this queue cannot reroute jobs");
  }

  /** What {@link #reroute} did. */
  enum Reroute {
    REROUTED,
    REQUEUED,
    RERUN,
    FINAL,
    UNKNOWN
  }

  /**
   * A {@link Monitor} on the same Redis, sharing this queue's connections (closing it leaves the
   * queue open), or null when this queue is not on Redis.
   */
  default Monitor monitor() {
    return null;
  }

  @Override
  void close();
}
