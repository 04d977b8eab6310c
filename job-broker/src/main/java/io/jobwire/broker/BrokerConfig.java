package io.jobwire.broker;

import io.jobwire.protocol.MessageLimits;
import io.jobwire.protocol.TopicNames;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.RedisConnections;
import io.jobwire.queue.TopicPolicy;
import io.jobwire.security.CurveConfig;
import io.jobwire.security.TlsConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link Broker} runs. Build with {@link #builder()}; every field has a {@code DEFAULT_*} and
 * {@link Builder#build()} checks that they fit together.
 *
 * @param bind the ROUTER endpoint workers connect to; {@code tcp://127.0.0.1:*} (or port 0) binds
 *     an ephemeral port, see {@link Broker#endpoint()}
 * @param queueConfig the queue the broker serves: its Redis ({@code redis://HOST:PORT}, {@code
 *     rediss://}, {@code redis-sentinel://HOST:26379,…/MASTER} or {@code
 *     redis-cluster://HOST:6379,…}, see {@link RedisConnections}), the namespace shared with the
 *     front ends, how long finished jobs and dead letters are kept (per topic too), and the clock
 *     all leases, timeouts and retries are measured by; the builder sets them one by one
 * @param heartbeatInterval how often the broker sends {@code heartbeat} to every worker
 * @param workerTimeout a worker silent this long is dead and its jobs run elsewhere
 * @param leaseDuration how long a running job stays leased without a worker heartbeat naming it;
 *     when it lapses, any broker puts the job back on the queue
 * @param defaultMaxAttempts attempts of a job enqueued with {@code maxAttempts} 0
 * @param retryBackoffBase the first retry waits up to this long (full jitter); doubles per attempt
 * @param retryBackoffCap the longest wait before a retry
 * @param pollInterval how often the broker looks for work and due timers even when nothing woke it
 *     (enqueues normally wake it at once)
 * @param claimBatch the most jobs taken from Redis in one call
 * @param topicPolicies retry backoff and attempts per topic; topics not named here use the
 *     broker-wide {@code retryBackoffBase}, {@code retryBackoffCap} and {@code defaultMaxAttempts}
 * @param tls the certificate the broker's HTTP endpoint ({@link BrokerHttp}) serves HTTPS with;
 *     {@link TlsConfig#OFF} for plain HTTP
 * @param curve ZeroMQ CURVE for the ROUTER and the PUSH sockets to front ends; without keys the
 *     broker binds only to loopback (see {@link CurveConfig})
 * @param maxMessageBytes the largest ZeroMQ message the ROUTER accepts; a peer whose frame header
 *     claims more is disconnected before anything is allocated (see {@link MessageLimits})
 */
public record BrokerConfig(
    String bind,
    QueueConfig queueConfig,
    Duration heartbeatInterval,
    Duration workerTimeout,
    Duration leaseDuration,
    int defaultMaxAttempts,
    Duration retryBackoffBase,
    Duration retryBackoffCap,
    Duration pollInterval,
    int claimBatch,
    Map<String, TopicPolicy> topicPolicies,
    TlsConfig tls,
    CurveConfig curve,
    int maxMessageBytes) {

  public static final String DEFAULT_BIND = "tcp://127.0.0.1:5556";
  public static final String DEFAULT_REDIS_URI = QueueConfig.DEFAULT_REDIS_URI;
  public static final String DEFAULT_NAMESPACE = QueueConfig.DEFAULT_NAMESPACE;
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_WORKER_TIMEOUT = Duration.ofSeconds(3);
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(5);
  public static final int DEFAULT_MAX_ATTEMPTS = TopicPolicy.DEFAULT_MAX_ATTEMPTS;
  public static final Duration DEFAULT_RETRY_BACKOFF_BASE = TopicPolicy.DEFAULT_RETRY_BACKOFF_BASE;
  public static final Duration DEFAULT_RETRY_BACKOFF_CAP = TopicPolicy.DEFAULT_RETRY_BACKOFF_CAP;
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(100);
  public static final int DEFAULT_CLAIM_BATCH = 256;
  public static final Duration DEFAULT_RETENTION = QueueConfig.DEFAULT_RETENTION;
  public static final Duration DEFAULT_DEAD_RETENTION = QueueConfig.DEFAULT_DEAD_RETENTION;
  public static final TlsConfig DEFAULT_TLS = TlsConfig.OFF;

  public BrokerConfig {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(queueConfig, "queueConfig");
    Objects.requireNonNull(tls, "tls (TlsConfig.OFF for plain HTTP)");
    topicPolicies = Map.copyOf(topicPolicies == null ? Map.of() : topicPolicies);
    for (var d :
        new Duration[] {
          heartbeatInterval,
          workerTimeout,
          leaseDuration,
          retryBackoffBase,
          retryBackoffCap,
          pollInterval
        }) {
      QueueConfig.requirePositive(d, "every duration");
    }
    if (!bind.contains("://")) {
      throw new IllegalArgumentException(
          "bind must be a ZeroMQ endpoint like tcp://127.0.0.1:5556, got '" + bind + "'");
    }
    if (workerTimeout.compareTo(heartbeatInterval) <= 0) {
      throw new IllegalArgumentException(
          "workerTimeout (" + workerTimeout + ") must exceed heartbeatInterval");
    }
    if (leaseDuration.compareTo(heartbeatInterval) <= 0) {
      throw new IllegalArgumentException(
          "leaseDuration (" + leaseDuration + ") must exceed heartbeatInterval");
    }
    if (retryBackoffCap.compareTo(retryBackoffBase) < 0) {
      throw new IllegalArgumentException("retryBackoffCap must be >= retryBackoffBase");
    }
    if (defaultMaxAttempts < 1) {
      throw new IllegalArgumentException("defaultMaxAttempts must be >= 1");
    }
    if (claimBatch < 1) {
      throw new IllegalArgumentException("claimBatch must be >= 1");
    }
    curve = curve == null ? CurveConfig.DEFAULT : curve;
    curve.requireSafeBind(bind, "the broker");
    topicPolicies.keySet().forEach(topic -> TopicNames.require(topic, "every topic with a policy"));
    MessageLimits.requireMaxMessageBytes(maxMessageBytes, "maxMessageBytes");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The retry policy of {@code topic}: its own, else the broker-wide one. */
  public TopicPolicy policy(String topic) {
    TopicPolicy own = topic == null ? null : topicPolicies.get(topic);
    return own != null
        ? own
        : new TopicPolicy(retryBackoffBase, retryBackoffCap, defaultMaxAttempts);
  }

  public String redisUri() {
    return queueConfig.redisUri();
  }

  public String namespace() {
    return queueConfig.namespace();
  }

  /** How long finished jobs stay readable by {@code status}. */
  public Duration retention() {
    return queueConfig.retention();
  }

  /** How long dead letters are kept. */
  public Duration deadRetention() {
    return queueConfig.deadRetention();
  }

  /** See {@link QueueConfig#topicRetention()}. */
  public Map<String, Duration> topicRetention() {
    return queueConfig.topicRetention();
  }

  /** The time all leases, timeouts and retries are measured by. */
  public Clock clock() {
    return queueConfig.clock();
  }

  /** Collects the fields; {@link #build()} validates them. */
  public static final class Builder {
    private String bind = DEFAULT_BIND;
    private QueueConfig.Builder queue = QueueConfig.builder();
    private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
    private Duration workerTimeout = DEFAULT_WORKER_TIMEOUT;
    private Duration leaseDuration = DEFAULT_LEASE_DURATION;
    private int defaultMaxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration retryBackoffBase = DEFAULT_RETRY_BACKOFF_BASE;
    private Duration retryBackoffCap = DEFAULT_RETRY_BACKOFF_CAP;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private int claimBatch = DEFAULT_CLAIM_BATCH;
    private final Map<String, TopicPolicy> topicPolicies = new LinkedHashMap<>();
    private TlsConfig tls = DEFAULT_TLS;
    private CurveConfig curve = CurveConfig.DEFAULT;
    private int maxMessageBytes = MessageLimits.DEFAULT_MAX_MESSAGE_BYTES;

    private Builder() {}

    public Builder bind(String value) {
      bind = value;
      return this;
    }

    /**
     * Every queue setting at once (Redis, namespace, retention, clock, and the Redis retry and
     * breaker settings); the setters below change one of them.
     */
    public Builder queue(QueueConfig value) {
      queue = value.toBuilder();
      return this;
    }

    public Builder redisUri(String value) {
      queue.redisUri(value);
      return this;
    }

    public Builder namespace(String value) {
      queue.namespace(value);
      return this;
    }

    public Builder heartbeatInterval(Duration value) {
      heartbeatInterval = value;
      return this;
    }

    public Builder workerTimeout(Duration value) {
      workerTimeout = value;
      return this;
    }

    public Builder leaseDuration(Duration value) {
      leaseDuration = value;
      return this;
    }

    public Builder defaultMaxAttempts(int value) {
      defaultMaxAttempts = value;
      return this;
    }

    public Builder retryBackoff(Duration base, Duration cap) {
      retryBackoffBase = base;
      retryBackoffCap = cap;
      return this;
    }

    public Builder pollInterval(Duration value) {
      pollInterval = value;
      return this;
    }

    public Builder claimBatch(int value) {
      claimBatch = value;
      return this;
    }

    public Builder retention(Duration value) {
      queue.retention(value);
      return this;
    }

    public Builder deadRetention(Duration value) {
      queue.deadRetention(value);
      return this;
    }

    /** How long finished jobs of {@code topic} keep their record; ZERO: none is kept. */
    public Builder retention(String topic, Duration value) {
      queue.retention(topic, value);
      return this;
    }

    /** Retry backoff and attempts for one topic (see {@link TopicPolicy}). */
    public Builder topicPolicy(String topic, TopicPolicy policy) {
      topicPolicies.put(Objects.requireNonNull(topic, "topic"), Objects.requireNonNull(policy));
      return this;
    }

    public Builder topicPolicies(Map<String, TopicPolicy> policies) {
      topicPolicies.putAll(policies);
      return this;
    }

    public Builder clock(Clock value) {
      queue.clock(value);
      return this;
    }

    /** HTTPS for the broker's HTTP endpoint; {@link TlsConfig#OFF} = plain HTTP. */
    public Builder tls(TlsConfig value) {
      tls = value;
      return this;
    }

    public Builder curve(CurveConfig value) {
      curve = value;
      return this;
    }

    /** The largest ZeroMQ message the ROUTER accepts. */
    public Builder maxMessageBytes(int value) {
      maxMessageBytes = value;
      return this;
    }

    public BrokerConfig build() {
      return new BrokerConfig(
          bind,
          queue.build(),
          heartbeatInterval,
          workerTimeout,
          leaseDuration,
          defaultMaxAttempts,
          retryBackoffBase,
          retryBackoffCap,
          pollInterval,
          claimBatch,
          topicPolicies,
          tls,
          curve,
          maxMessageBytes);
    }
  }
}
