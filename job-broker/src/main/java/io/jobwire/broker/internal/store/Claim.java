package io.jobwire.broker.internal.store;

import io.jobwire.protocol.Job;
import io.jobwire.queue.redis.Json;
import io.jobwire.queue.redis.ScriptReply;
import io.jobwire.queue.redis.Scripts;
import java.util.ArrayList;
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

  /** From claim.lua's reply: {jobs, expired, created[, retry_at]}. */
  static Claim from(Object replyObject) {
    ScriptReply reply = ScriptReply.of(Scripts.CLAIM, replyObject);
    List<ScriptReply> claimed = reply.list(0).lists();
    var expired = reply.list(1).lists().stream().map(DeadJob::from).toList();
    List<String> created = reply.list(2).strings();
    List<Job> jobs = new ArrayList<>(claimed.size());
    for (ScriptReply f : claimed) {
      String deadline = f.string(8);
      jobs.add(
          new Job(
              f.string(0),
              f.string(1),
              Json.raw(f.string(2)),
              Json.text(f.string(3)),
              Json.text(f.string(4)),
              Json.raw(f.string(5)),
              (int) f.number(6),
              (int) f.numberText(7),
              deadline.isEmpty() ? null : Long.valueOf(deadline)));
    }
    long retryAt = reply.size() > 3 ? reply.number(3) : 0;
    return new Claim(jobs, expired, jobs.size() + expired.size(), created, retryAt);
  }
}
