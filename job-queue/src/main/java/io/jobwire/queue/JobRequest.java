package io.jobwire.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jobwire.protocol.TopicNames;
import java.util.Objects;

/**
 * A job to put on the queue.
 *
 * @param user the authenticated user the job runs for, or null for anonymous / background jobs
 * @param replyTo the ZeroMQ endpoint where workers push progress and results, or null when no one
 *     listens (a background job from {@code jobwire enqueue})
 * @param route copied into every pushed message; holds at least {@code {"sub": S}} when {@code
 *     replyTo} is set
 * @param maxAttempts how often the job may run before it goes to the dead letters; 0 = the queue's
 *     default
 * @param deadline epoch ms after which the job is cancelled, or null
 * @param runAt epoch ms before which the job does not run (it waits {@code delayed}), or null
 * @param priority see {@link JobPriority}; null = normal
 * @param unique an idempotency key, or null: while a job of the same topic and key is queued,
 *     delayed or running, enqueueing returns that job's id instead of adding one
 */
public record JobRequest(
    String topic,
    JsonNode params,
    String user,
    String replyTo,
    JsonNode route,
    int maxAttempts,
    Long deadline,
    Long runAt,
    JobPriority priority,
    String unique) {

  public JobRequest {
    Objects.requireNonNull(topic, "topic");
    TopicNames.require(topic, "topic");
    params = params == null || params.isNull() ? JsonNodeFactory.instance.objectNode() : params;
    priority = priority == null ? JobPriority.NORMAL : priority;
    unique = unique == null || unique.isBlank() ? null : unique;
    if (maxAttempts < 0) {
      throw new IllegalArgumentException("maxAttempts must be >= 0");
    }
  }

  public JobRequest(
      String topic,
      JsonNode params,
      String user,
      String replyTo,
      JsonNode route,
      int maxAttempts,
      Long deadline) {
    this(topic, params, user, replyTo, route, maxAttempts, deadline, null, null, null);
  }

  /** A background job nobody subscribes to. */
  public static JobRequest of(String topic, JsonNode params) {
    return new JobRequest(topic, params, null, null, null, 0, null);
  }

  public JobRequest withParams(JsonNode newParams) {
    return new JobRequest(
        topic, newParams, user, replyTo, route, maxAttempts, deadline, runAt, priority, unique);
  }

  public JobRequest withUser(String newUser) {
    return new JobRequest(
        topic, params, newUser, replyTo, route, maxAttempts, deadline, runAt, priority, unique);
  }

  public JobRequest withReply(String newReplyTo, JsonNode newRoute) {
    return new JobRequest(
        topic, params, user, newReplyTo, newRoute, maxAttempts, deadline, runAt, priority, unique);
  }

  public JobRequest withMaxAttempts(int attempts) {
    return new JobRequest(
        topic, params, user, replyTo, route, attempts, deadline, runAt, priority, unique);
  }

  public JobRequest withDeadline(Long epochMillis) {
    return new JobRequest(
        topic, params, user, replyTo, route, maxAttempts, epochMillis, runAt, priority, unique);
  }

  /** Not before {@code epochMillis} (a scheduled job). */
  public JobRequest withRunAt(Long epochMillis) {
    return new JobRequest(
        topic, params, user, replyTo, route, maxAttempts, deadline, epochMillis, priority, unique);
  }

  public JobRequest withPriority(JobPriority newPriority) {
    return new JobRequest(
        topic, params, user, replyTo, route, maxAttempts, deadline, runAt, newPriority, unique);
  }

  /** At most one queued/running job of this topic with this key at a time. */
  public JobRequest withUnique(String key) {
    return new JobRequest(
        topic, params, user, replyTo, route, maxAttempts, deadline, runAt, priority, key);
  }
}
