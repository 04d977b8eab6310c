package io.jobwire.broker.internal.store;

import io.jobwire.protocol.Job;
import java.util.List;

/**
 * What one claim took from a topic's queue.
 *
 * @param jobs leased jobs, in the order of the worker slots asked for
 * @param expired jobs whose deadline passed while queued (finished as failed)
 * @param popped how many entries left the queue; fewer than asked means it is empty
 * @param created each leased job's enqueue time (epoch ms as text, empty when unknown)
 * @param retryAt when the topic's rate window that held jobs back reopens (clock ms; 0: none did)
 */
public record Claim(
    List<Job> jobs, List<DeadJob> expired, int popped, List<String> created, long retryAt) {
  /** Nothing claimed: the topic's queue is empty (or it never had a job). */
  static final Claim NONE = new Claim(List.of(), List.of(), 0, List.of(), 0);
}
