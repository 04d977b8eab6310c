package io.jobwire.worker;

import io.jobwire.protocol.MessageLimits;
import io.jobwire.worker.internal.WorkerIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a worker connects and behaves. Immutable; validated when built.
 *
 * @param broker the ROUTER endpoint of the broker the worker connects to, or of several brokers
 *     separated by commas ({@code tcp://b1:5556,tcp://b2:5556}): the worker then keeps one DEALER
 *     per broker and takes jobs from all of them, never more than {@code capacity} at once in total
 *     (see {@link #brokers()})
 * @param id the worker id sent in {@code ready}, {@code heartbeat} and {@code bye}
 * @param capacity the most jobs that run at once, whichever brokers they come from
 * @param heartbeatInterval how often {@code heartbeat} is sent; the contract wants at least one a
 *     second
 * @param brokerTimeout silence from the broker after which the worker reconnects and re-sends
 *     {@code ready}
 * @param gracePeriod how long {@code close()} waits for running jobs before interrupting them
 * @param pushHighWaterMark messages queued per front end before pushes are dropped
 * @param linger how long closing waits to flush messages still queued in the sockets
 * @param handshakeTimeout how long a new connection (to the broker or a front end) may take to
 *     finish its ZeroMQ handshake before it is dropped and retried. JeroMQ 0.6.0 leaves about one
 *     connect in fifty stuck before the handshake (jeromq PR #1022); this bounds the stall. Keep it
 *     above a few network round trips.
 * @param curve ZeroMQ CURVE keys for the DEALER and the PUSH sockets; {@link WorkerCurve#NONE} for
 *     plain ZeroMQ
 * @param maxMessageBytes the largest ZeroMQ message its sockets accept; a peer whose frame header
 *     claims more is disconnected before anything is allocated (see {@link MessageLimits})
 */
public record WorkerConfig(
    String broker,
    String id,
    int capacity,
    Duration heartbeatInterval,
    Duration brokerTimeout,
    Duration gracePeriod,
    int pushHighWaterMark,
    Duration linger,
    Duration handshakeTimeout,
    WorkerCurve curve,
    int maxMessageBytes) {

  public static final String DEFAULT_BROKER = "tcp://127.0.0.1:5556";
  public static final int DEFAULT_CAPACITY = 16;
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofMillis(500);
  public static final Duration DEFAULT_BROKER_TIMEOUT = Duration.ofSeconds(3);
  public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(10);
  public static final int DEFAULT_PUSH_HIGH_WATER_MARK = 10_000;
  public static final Duration DEFAULT_LINGER = Duration.ofSeconds(1);
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(1);

  /** The contract: a heartbeat at least once a second. */
  public static final Duration MAX_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);

  private static final Pattern ENDPOINT = Pattern.compile("(tcp|ipc|inproc)://[^\\s,]+");

  public WorkerConfig {
    Objects.requireNonNull(broker, "broker");
    List<String> endpoints = split(broker);
    for (String endpoint : endpoints) {
      if (!ENDPOINT.matcher(endpoint).matches()) {
        throw new IllegalArgumentException(
            "broker must be a ZeroMQ endpoint such as tcp://127.0.0.1:5556 (or several, separated"
                + " by commas), got '"
                + endpoint
                + "'");
      }
    }
    if (new HashSet<>(endpoints).size() != endpoints.size()) {
      throw new IllegalArgumentException("broker names the same endpoint twice: '" + broker + "'");
    }
    broker = String.join(",", endpoints);
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    requirePositive(heartbeatInterval, "heartbeatInterval");
    if (heartbeatInterval.compareTo(MAX_HEARTBEAT_INTERVAL) > 0) {
      throw new IllegalArgumentException(
          "heartbeatInterval must be at most 1s (the broker expects one a second), got "
              + heartbeatInterval);
    }
    requirePositive(brokerTimeout, "brokerTimeout");
    if (brokerTimeout.compareTo(heartbeatInterval) <= 0) {
      throw new IllegalArgumentException("brokerTimeout must be longer than heartbeatInterval");
    }
    requireNotNegative(gracePeriod, "gracePeriod");
    if (pushHighWaterMark < 1) {
      throw new IllegalArgumentException("pushHighWaterMark must be >= 1");
    }
    requireNotNegative(linger, "linger");
    requirePositive(handshakeTimeout, "handshakeTimeout");
    curve = curve == null ? WorkerCurve.NONE : curve;
    MessageLimits.requireMaxMessageBytes(maxMessageBytes, "maxMessageBytes");
  }

  /** The broker endpoints, one per broker, in the order given. */
  public List<String> brokers() {
    return split(broker);
  }

  private static List<String> split(String brokers) {
    List<String> endpoints = new ArrayList<>();
    for (String endpoint : brokers.split(",")) {
      if (!endpoint.isBlank()) {
        endpoints.add(endpoint.strip());
      }
    }
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("broker must name at least one endpoint, got ''");
    }
    return endpoints;
  }

  /** The defaults, with a generated id ({@code host-pid-random}). */
  public static WorkerConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .broker(broker)
        .id(id)
        .capacity(capacity)
        .heartbeatInterval(heartbeatInterval)
        .brokerTimeout(brokerTimeout)
        .gracePeriod(gracePeriod)
        .pushHighWaterMark(pushHighWaterMark)
        .linger(linger)
        .handshakeTimeout(handshakeTimeout)
        .curve(curve)
        .maxMessageBytes(maxMessageBytes);
  }

  private static void requirePositive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  private static void requireNotNegative(Duration value, String name) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
  }

  /** Builds a {@link WorkerConfig}; every field starts at its {@code DEFAULT_*}. */
  public static final class Builder {
    private String broker = DEFAULT_BROKER;
    private String id;
    private int capacity = DEFAULT_CAPACITY;
    private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
    private Duration brokerTimeout = DEFAULT_BROKER_TIMEOUT;
    private Duration gracePeriod = DEFAULT_GRACE_PERIOD;
    private int pushHighWaterMark = DEFAULT_PUSH_HIGH_WATER_MARK;
    private Duration linger = DEFAULT_LINGER;
    private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    private WorkerCurve curve = WorkerCurve.NONE;
    private int maxMessageBytes = MessageLimits.DEFAULT_MAX_MESSAGE_BYTES;

    private Builder() {}

    /** One broker endpoint, or several separated by commas. */
    public Builder broker(String broker) {
      this.broker = broker;
      return this;
    }

    /** Several brokers: the worker takes jobs from all of them. */
    public Builder brokers(List<String> brokers) {
      this.broker = String.join(",", brokers);
      return this;
    }

    /** The worker id; when never set, one is generated from host name, pid and a random part. */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder capacity(int capacity) {
      this.capacity = capacity;
      return this;
    }

    public Builder heartbeatInterval(Duration heartbeatInterval) {
      this.heartbeatInterval = heartbeatInterval;
      return this;
    }

    public Builder brokerTimeout(Duration brokerTimeout) {
      this.brokerTimeout = brokerTimeout;
      return this;
    }

    public Builder gracePeriod(Duration gracePeriod) {
      this.gracePeriod = gracePeriod;
      return this;
    }

    public Builder pushHighWaterMark(int pushHighWaterMark) {
      this.pushHighWaterMark = pushHighWaterMark;
      return this;
    }

    public Builder linger(Duration linger) {
      this.linger = linger;
      return this;
    }

    public Builder handshakeTimeout(Duration handshakeTimeout) {
      this.handshakeTimeout = handshakeTimeout;
      return this;
    }

    /** CURVE keys; {@link WorkerCurve#NONE} (the default) for plain ZeroMQ. */
    public Builder curve(WorkerCurve curve) {
      this.curve = curve;
      return this;
    }

    /** The largest ZeroMQ message its sockets accept. */
    public Builder maxMessageBytes(int maxMessageBytes) {
      this.maxMessageBytes = maxMessageBytes;
      return this;
    }

    public WorkerConfig build() {
      return new WorkerConfig(
          broker,
          id == null ? WorkerIds.generate() : id,
          capacity,
          heartbeatInterval,
          brokerTimeout,
          gracePeriod,
          pushHighWaterMark,
          linger,
          handshakeTimeout,
          curve,
          maxMessageBytes);
    }
  }
}
