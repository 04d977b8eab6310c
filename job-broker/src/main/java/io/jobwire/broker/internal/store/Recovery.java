package io.jobwire.broker.internal.store;

import io.jobwire.queue.redis.ScriptReply;
import java.util.List;

/**
 * What a recovery script did.
 *
 * @param topics topics that got jobs back on their queue (the broker should look at them)
 * @param dead jobs that ran out of attempts
 * @param jobs the jobs the script looked at (the broker forgets their assignments)
 */
public record Recovery(List<String> topics, List<DeadJob> dead, List<String> jobs) {
  static final Recovery NONE = new Recovery(List.of(), List.of(), List.of());

  /** What several recovery scripts did, one topic each. */
  static Recovery merge(List<Recovery> parts) {
    if (parts.size() == 1) {
      return parts.getFirst();
    }
    List<String> topics = new java.util.ArrayList<>();
    List<DeadJob> dead = new java.util.ArrayList<>();
    List<String> jobs = new java.util.ArrayList<>();
    for (Recovery part : parts) {
      topics.addAll(part.topics());
      dead.addAll(part.dead());
      jobs.addAll(part.jobs());
    }
    return new Recovery(topics, dead, jobs);
  }

  /** From the first three places of a recovery script's (requeue.lua, due.lua) reply. */
  static Recovery from(ScriptReply reply) {
    return new Recovery(
        reply.list(0).strings(),
        reply.list(1).lists().stream().map(DeadJob::from).toList(),
        reply.list(2).strings());
  }
}
