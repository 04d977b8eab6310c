package io.jobwire.broker;

import io.jobwire.broker.internal.RedisJobQueue;
import java.util.List;
import java.util.Optional;

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
   * a running one (its worker gets {@code cancel}). Returns false if the job is unknown or already
   * finished. A batch's id ({@code b-…}) cancels every job of the batch not finished yet; the batch
   * then completes with them counted {@code cancelled}.
   *
   * @throws QueueUnavailableException while Redis cannot be reached
   */
  boolean cancel(String jobId);

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
  default Reroute reroute(
      String jobId, String replyTo, com.fasterxml.jackson.databind.JsonNode route) {
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
