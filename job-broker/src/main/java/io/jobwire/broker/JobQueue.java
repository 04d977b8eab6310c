package io.jobwire.broker;

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
   * Durably queues the jobs in one round trip and returns their ids, in order. When this returns,
   * every job is in Redis and will run at least once.
   */
  List<String> enqueue(List<JobRequest> requests);

  default String enqueue(JobRequest request) {
    return enqueue(List.of(request)).get(0);
  }

  /** The job's state record, or empty when no such job exists (or its record has expired). */
  Optional<JobStatus> status(String jobId);

  /** Drops a queued job, or asks the broker to cancel a running one. Returns false if unknown. */
  boolean cancel(String jobId);

  @Override
  void close();
}
