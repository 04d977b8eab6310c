package io.jobwire.queue;

import io.jobwire.protocol.TopicNames;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a {@link JobQueue} talks to Redis. Build with {@link #builder()}; every field has a {@code
 * DEFAULT_*}.
 *
 * @param redisUri where Redis is: {@code redis://}, {@code rediss://}, {@code redis-sentinel://} or
 *     {@code redis-cluster://} (see {@link RedisConnections})
 * @param namespace the queue's key namespace ({@code jobwire:{NS}:...}, a topic's keys {@code
 *     jobwire:{NS#TAG}:...}); front ends and brokers that share a namespace share the queue
 * @param retention how long a finished job's record stays readable by {@code status}
 * @param deadRetention how long a dead letter stays in the dead-letter set
 * @param topicRetention per topic, how long its finished jobs' records stay instead of {@code
 *     retention}; {@link Duration#ZERO}: none is kept (status then knows the job no more). Dead
 *     letters keep their payload for {@code deadRetention} whatever the topic.
 * @param retryAttempts how often a call is tried when the connection fails (1 = no retry)
 * @param retryBackoff the wait before the first retry; doubles each time
 * @param breakerOpenFor how long callers fail fast once the circuit breaker opened
 * @param clock the time stored in job records
 */
public record QueueConfig(
    String redisUri,
    String namespace,
    Duration retention,
    Duration deadRetention,
    Map<String, Duration> topicRetention,
    int retryAttempts,
    Duration retryBackoff,
    Duration breakerOpenFor,
    Clock clock) {

  public static final String DEFAULT_REDIS_URI = "redis://127.0.0.1:6379";
  public static final String DEFAULT_NAMESPACE = "main";
  public static final Duration DEFAULT_RETENTION = Duration.ofHours(1);
  public static final Duration DEFAULT_DEAD_RETENTION = Duration.ofDays(7);
  public static final int DEFAULT_RETRY_ATTEMPTS = 3;
  public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(50);
  public static final Duration DEFAULT_BREAKER_OPEN_FOR = Duration.ofSeconds(5);

  public QueueConfig {
    Objects.requireNonNull(redisUri, "redisUri");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(clock, "clock");
    requirePositive(retention, "retention");
    requirePositive(deadRetention, "deadRetention");
    topicRetention = Map.copyOf(topicRetention == null ? Map.of() : topicRetention);
    topicRetention.forEach(
        (topic, keep) -> {
          TopicNames.require(topic, "every topic with a retention");
          if (keep.isNegative()) {
            throw new IllegalArgumentException(
                "the retention of topic " + topic + " must not be negative, was " + keep);
          }
        });
    requirePositive(retryBackoff, "retryBackoff");
    requirePositive(breakerOpenFor, "breakerOpenFor");
    RedisConnections.validate(redisUri);
    if (namespace.isBlank() || namespace.matches(".*[{}\\s].*")) {
      throw new IllegalArgumentException("namespace must be a word without braces or spaces");
    }
    if (retryAttempts < 1) {
      throw new IllegalArgumentException("retryAttempts must be >= 1");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The retention as the Lua scripts take it: milliseconds, or with per-topic ones a JSON object of
   * milliseconds by topic, "*" for the others, -1 for keep nothing (see {@code finish} in
   * common.lua).
   */
  public String retentionArgument() {
    if (topicRetention.isEmpty()) {
      return Long.toString(retention.toMillis());
    }
    var json = new StringBuilder("{\"*\":").append(retention.toMillis());
    new TreeMap<>(topicRetention)
        .forEach(
            (topic, keep) ->
                json.append(",\"")
                    .append(topic)
                    .append("\":")
                    .append(keep.isZero() ? -1 : keep.toMillis()));
    return json.append('}').toString();
  }

  /** A copy of this config as a builder, to change a field or two. */
  public Builder toBuilder() {
    return new Builder()
        .redisUri(redisUri)
        .namespace(namespace)
        .retention(retention)
        .deadRetention(deadRetention)
        .topicRetention(topicRetention)
        .retryAttempts(retryAttempts)
        .retryBackoff(retryBackoff)
        .breakerOpenFor(breakerOpenFor)
        .clock(clock);
  }

  public static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  /** Collects the fields; {@link #build()} validates them. */
  public static final class Builder {
    private String redisUri = DEFAULT_REDIS_URI;
    private String namespace = DEFAULT_NAMESPACE;
    private Duration retention = DEFAULT_RETENTION;
    private Duration deadRetention = DEFAULT_DEAD_RETENTION;
    private final Map<String, Duration> topicRetention = new LinkedHashMap<>();
    private int retryAttempts = DEFAULT_RETRY_ATTEMPTS;
    private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;
    private Duration breakerOpenFor = DEFAULT_BREAKER_OPEN_FOR;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder redisUri(String value) {
      this.redisUri = value;
      return this;
    }

    public Builder namespace(String value) {
      this.namespace = value;
      return this;
    }

    public Builder retention(Duration value) {
      this.retention = value;
      return this;
    }

    public Builder deadRetention(Duration value) {
      this.deadRetention = value;
      return this;
    }

    /** How long finished jobs of {@code topic} keep their record; ZERO: none is kept. */
    public Builder retention(String topic, Duration value) {
      topicRetention.put(Objects.requireNonNull(topic, "topic"), Objects.requireNonNull(value));
      return this;
    }

    public Builder topicRetention(Map<String, Duration> values) {
      values.forEach(this::retention);
      return this;
    }

    public Builder retryAttempts(int value) {
      this.retryAttempts = value;
      return this;
    }

    public Builder retryBackoff(Duration value) {
      this.retryBackoff = value;
      return this;
    }

    public Builder breakerOpenFor(Duration value) {
      this.breakerOpenFor = value;
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    public QueueConfig build() {
      return new QueueConfig(
          redisUri,
          namespace,
          retention,
          deadRetention,
          topicRetention,
          retryAttempts,
          retryBackoff,
          breakerOpenFor,
          clock);
    }
  }
}
