package io.jobwire.queue.redis;

import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import java.util.List;

/**
 * A {@link JobQueue} on Redis that runs a script of the caller's next to the jobs, in the round
 * trip that queues them: a front end writes its subscriptions' state so. Under Redis Cluster the
 * script may go to another master than the jobs' (one pipeline per master).
 */
public interface EnqueueAlongside {

  /**
   * As {@link JobQueue#enqueue(List)}, with the script {@code alongside} asks for (given the ids
   * the jobs are queued under, in order) behind the enqueue scripts in the same round trip.
   *
   * @throws io.jobwire.queue.QueueUnavailableException while Redis cannot be reached
   */
  Enqueued enqueue(List<JobRequest> requests, Alongside alongside);

  /** The script to run next to the jobs, or null for none. */
  @FunctionalInterface
  interface Alongside {
    RedisGateway.ScriptCall of(List<String> jobIds);
  }

  /**
   * The jobs' ids, in order, and the script's reply: null when none ran, the exception when it
   * failed (the jobs are queued all the same).
   */
  record Enqueued(List<String> jobs, Object alongside) {}
}
