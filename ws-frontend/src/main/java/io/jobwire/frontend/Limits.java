package io.jobwire.frontend;

import java.time.Duration;
import java.util.Objects;

/**
 * What one client may cost the front end.
 *
 * @param maxConnections beyond this many open connections a handshake gets HTTP 503. With
 *     authentication on, only authenticated connections count: those still to authenticate have a
 *     pool of their own ({@code maxUnauthenticated}), so they cannot lock real users out
 * @param idleTimeout a connection that sends nothing for this long is closed; the server pings it
 *     (WebSocket ping) after half of it, so a client that answers pings stays open
 * @param maxOutboundBytes bytes queued for one client and not yet written; beyond this the client
 *     is disconnected with close code {@value #CLOSE_SLOW_CLIENT}
 * @param maxOutboundMessages frames queued for one client and not yet written; same consequence
 * @param subscribesPerSecondPerConnection {@code subscribe} requests a connection may make per
 *     second; more get {@code rate_limited}
 * @param subscribesPerSecondPerUser the same for all connections of one user together
 * @param authTimeout with authentication on, a connection not authenticated this long after it
 *     opened is closed with code {@value #CLOSE_SLOW_CLIENT}
 * @param maxUnauthenticated with authentication on, connections open and not yet authenticated;
 *     beyond this a handshake without a valid {@code ?token=} gets HTTP 503
 * @param handshakeTimeout an HTTP request (a WebSocket handshake included) must arrive whole this
 *     long after its first byte, and a new TCP connection must start one within it (slowloris)
 * @param maxJobsPerUser subscriptions whose jobs are queued or running at once, per user (per
 *     connection when anonymous); more get {@code too_many_jobs}. A topic may set its own ({@link
 *     TopicOptions#maxJobsPerUser()}), counted apart from the others
 */
public record Limits(
    int maxConnections,
    Duration idleTimeout,
    long maxOutboundBytes,
    int maxOutboundMessages,
    int subscribesPerSecondPerConnection,
    int subscribesPerSecondPerUser,
    Duration authTimeout,
    int maxUnauthenticated,
    Duration handshakeTimeout,
    int maxJobsPerUser) {

  /** The close code of a client whose outgoing buffer overflowed: policy violation. */
  public static final int CLOSE_SLOW_CLIENT = 1008;

  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final long DEFAULT_MAX_OUTBOUND_BYTES = 1024 * 1024;
  public static final int DEFAULT_MAX_OUTBOUND_MESSAGES = 1_000;
  public static final int DEFAULT_SUBSCRIBES_PER_SECOND_PER_CONNECTION = 20;
  public static final int DEFAULT_SUBSCRIBES_PER_SECOND_PER_USER = 50;
  public static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_MAX_UNAUTHENTICATED = 1_000;
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_JOBS_PER_USER = 100;

  public Limits {
    positive(maxConnections, "maxConnections");
    atLeast100Millis(idleTimeout, "idleTimeout");
    if (maxOutboundBytes < 1024) {
      throw new IllegalArgumentException("maxOutboundBytes must be >= 1024");
    }
    positive(maxOutboundMessages, "maxOutboundMessages");
    positive(subscribesPerSecondPerConnection, "subscribesPerSecondPerConnection");
    positive(subscribesPerSecondPerUser, "subscribesPerSecondPerUser");
    atLeast100Millis(authTimeout, "authTimeout");
    positive(maxUnauthenticated, "maxUnauthenticated");
    atLeast100Millis(handshakeTimeout, "handshakeTimeout");
    positive(maxJobsPerUser, "maxJobsPerUser");
  }

  public static Limits defaults() {
    return new Limits(
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_MAX_OUTBOUND_BYTES,
        DEFAULT_MAX_OUTBOUND_MESSAGES,
        DEFAULT_SUBSCRIBES_PER_SECOND_PER_CONNECTION,
        DEFAULT_SUBSCRIBES_PER_SECOND_PER_USER,
        DEFAULT_AUTH_TIMEOUT,
        DEFAULT_MAX_UNAUTHENTICATED,
        DEFAULT_HANDSHAKE_TIMEOUT,
        DEFAULT_MAX_JOBS_PER_USER);
  }

  public Limits withMaxConnections(int value) {
    return builder().maxConnections(value).build();
  }

  public Limits withIdleTimeout(Duration value) {
    return builder().idleTimeout(value).build();
  }

  public Limits withOutbound(long bytes, int messages) {
    return builder().outbound(bytes, messages).build();
  }

  public Limits withSubscribeRates(int perConnection, int perUser) {
    return builder().subscribeRates(perConnection, perUser).build();
  }

  /** Authentication's deadline and the pool of connections still to authenticate. */
  public Limits withAuthentication(Duration timeout, int maxUnauthenticatedConnections) {
    return builder().authTimeout(timeout).maxUnauthenticated(maxUnauthenticatedConnections).build();
  }

  public Limits withHandshakeTimeout(Duration value) {
    return builder().handshakeTimeout(value).build();
  }

  public Limits withMaxJobsPerUser(int value) {
    return builder().maxJobsPerUser(value).build();
  }

  private Builder builder() {
    return new Builder(this);
  }

  private static void positive(long value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, was " + value);
    }
  }

  private static void atLeast100Millis(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.toMillis() < 100) {
      throw new IllegalArgumentException(name + " must be >= 100 ms, was " + value);
    }
  }

  /** A copy with some values changed; the record's constructor validates the result. */
  private static final class Builder {
    private int maxConnections;
    private Duration idleTimeout;
    private long maxOutboundBytes;
    private int maxOutboundMessages;
    private int perConnection;
    private int perUser;
    private Duration authTimeout;
    private int maxUnauthenticated;
    private Duration handshakeTimeout;
    private int maxJobsPerUser;

    Builder(Limits from) {
      maxConnections = from.maxConnections;
      idleTimeout = from.idleTimeout;
      maxOutboundBytes = from.maxOutboundBytes;
      maxOutboundMessages = from.maxOutboundMessages;
      perConnection = from.subscribesPerSecondPerConnection;
      perUser = from.subscribesPerSecondPerUser;
      authTimeout = from.authTimeout;
      maxUnauthenticated = from.maxUnauthenticated;
      handshakeTimeout = from.handshakeTimeout;
      maxJobsPerUser = from.maxJobsPerUser;
    }

    Builder maxConnections(int value) {
      maxConnections = value;
      return this;
    }

    Builder idleTimeout(Duration value) {
      idleTimeout = value;
      return this;
    }

    Builder outbound(long bytes, int messages) {
      maxOutboundBytes = bytes;
      maxOutboundMessages = messages;
      return this;
    }

    Builder subscribeRates(int connection, int user) {
      perConnection = connection;
      perUser = user;
      return this;
    }

    Builder authTimeout(Duration value) {
      authTimeout = value;
      return this;
    }

    Builder maxUnauthenticated(int value) {
      maxUnauthenticated = value;
      return this;
    }

    Builder handshakeTimeout(Duration value) {
      handshakeTimeout = value;
      return this;
    }

    Builder maxJobsPerUser(int value) {
      maxJobsPerUser = value;
      return this;
    }

    Limits build() {
      return new Limits(
          maxConnections,
          idleTimeout,
          maxOutboundBytes,
          maxOutboundMessages,
          perConnection,
          perUser,
          authTimeout,
          maxUnauthenticated,
          handshakeTimeout,
          maxJobsPerUser);
    }
  }
}
