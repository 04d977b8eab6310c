package io.jobwire.queue.redis;

import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import java.util.List;

/**
 * A {@link JobQueue} on Redis that runs a script of the caller's next to each job in the round trip
 * that queues it: a front end writes a subscription's state so, next to its job. Under Redis
 * Cluster the script may go to another master than the job's (one pipeline per master).
 */
public interface EnqueueAlongside {

  /**
   * As {@link JobQueue#enqueue(List)}, with the script {@code alongside} asks for (given the job's
   * position and the id it is queued under) behind the enqueue scripts in the same round trip.
   * Returns each job's id with its script's reply: null when it had none, the exception when it
   * failed (the job is queued all the same).
   *
   * @throws io.jobwire.queue.QueueUnavailableException while Redis cannot be reached
   */
  List<Queued> enqueue(List<JobRequest> requests, Alongside alongside);

  /** The script to run next to one job, or null for none. */
  @FunctionalInterface
  interface Alongside {
    RedisGateway.ScriptCall of(int index, String jobId);
  }

  /** One job queued, with its script's reply (null when none ran). */
  record Queued(String job, Object alongside) {}
}
