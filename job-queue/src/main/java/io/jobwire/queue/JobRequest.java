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

  /** A builder for a job of {@code topic}; every other field starts empty (as {@link #of}). */
  public static Builder builder(String topic) {
    return new Builder(of(topic, null));
  }

  /** This request as a builder, to change a field or two. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  public JobRequest withParams(JsonNode newParams) {
    return toBuilder().params(newParams).build();
  }

  public JobRequest withUser(String newUser) {
    return toBuilder().user(newUser).build();
  }

  public JobRequest withReply(String newReplyTo, JsonNode newRoute) {
    return toBuilder().reply(newReplyTo, newRoute).build();
  }

  public JobRequest withMaxAttempts(int attempts) {
    return toBuilder().maxAttempts(attempts).build();
  }

  public JobRequest withDeadline(Long epochMillis) {
    return toBuilder().deadline(epochMillis).build();
  }

  /** Not before {@code epochMillis} (a scheduled job). */
  public JobRequest withRunAt(Long epochMillis) {
    return toBuilder().runAt(epochMillis).build();
  }

  public JobRequest withPriority(JobPriority newPriority) {
    return toBuilder().priority(newPriority).build();
  }

  /** At most one queued/running job of this topic with this key at a time. */
  public JobRequest withUnique(String key) {
    return toBuilder().unique(key).build();
  }

  /** Collects the fields; {@link #build()} validates them. */
  public static final class Builder {
    private final String topic;
    private JsonNode params;
    private String user;
    private String replyTo;
    private JsonNode route;
    private int maxAttempts;
    private Long deadline;
    private Long runAt;
    private JobPriority priority;
    private String unique;

    private Builder(JobRequest from) {
      topic = from.topic;
      params = from.params;
      user = from.user;
      replyTo = from.replyTo;
      route = from.route;
      maxAttempts = from.maxAttempts;
      deadline = from.deadline;
      runAt = from.runAt;
      priority = from.priority;
      unique = from.unique;
    }

    public Builder params(JsonNode value) {
      params = value;
      return this;
    }

    public Builder user(String value) {
      user = value;
      return this;
    }

    /** Where workers push progress and results, and the route copied into each message. */
    public Builder reply(String replyToValue, JsonNode routeValue) {
      replyTo = replyToValue;
      route = routeValue;
      return this;
    }

    public Builder maxAttempts(int value) {
      maxAttempts = value;
      return this;
    }

    public Builder deadline(Long epochMillis) {
      deadline = epochMillis;
      return this;
    }

    public Builder runAt(Long epochMillis) {
      runAt = epochMillis;
      return this;
    }

    public Builder priority(JobPriority value) {
      priority = value;
      return this;
    }

    public Builder unique(String key) {
      unique = key;
      return this;
    }

    public JobRequest build() {
      return new JobRequest(
          topic, params, user, replyTo, route, maxAttempts, deadline, runAt, priority, unique);
    }
  }
}
