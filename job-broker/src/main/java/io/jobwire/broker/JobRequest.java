package io.jobwire.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;

/**
 * A job to put on the queue.
 *
 * @param user the authenticated user the job runs for, or null for anonymous / background jobs
 * @param replyTo the ZeroMQ endpoint where workers push progress and results, or null when no one
 *     listens (a background job from {@code jobwire enqueue})
 * @param route copied into every pushed message; holds at least {@code {"sub": S}} when {@code
 *     replyTo} is set
 * @param maxAttempts how often the job may run before it goes to the dead letters; 0 = the
 *     queue's default
 * @param deadline epoch ms after which the job is cancelled, or null
 */
public record JobRequest(
    String topic,
    JsonNode params,
    String user,
    String replyTo,
    JsonNode route,
    int maxAttempts,
    Long deadline) {

  public JobRequest {
    Objects.requireNonNull(topic, "topic");
    params = params == null || params.isNull() ? JsonNodeFactory.instance.objectNode() : params;
    if (maxAttempts < 0) {
      throw new IllegalArgumentException("maxAttempts must be >= 0");
    }
  }

  /** A background job nobody subscribes to. */
  public static JobRequest of(String topic, JsonNode params) {
    return new JobRequest(topic, params, null, null, null, 0, null);
  }

  public JobRequest withUser(String newUser) {
    return new JobRequest(topic, params, newUser, replyTo, route, maxAttempts, deadline);
  }

  public JobRequest withReply(String newReplyTo, JsonNode newRoute) {
    return new JobRequest(topic, params, user, newReplyTo, newRoute, maxAttempts, deadline);
  }

  public JobRequest withMaxAttempts(int attempts) {
    return new JobRequest(topic, params, user, replyTo, route, attempts, deadline);
  }

  public JobRequest withDeadline(Long epochMillis) {
    return new JobRequest(topic, params, user, replyTo, route, maxAttempts, epochMillis);
  }
}
