package io.jobwire.frontend;

import java.time.Duration;
import java.util.Objects;

/**
 * What one client may cost the front end.
 *
 * @param maxConnections beyond this many open connections a handshake gets HTTP 503
 * @param idleTimeout a connection that sends nothing for this long is closed; the server pings it
 *     (WebSocket ping) after half of it, so a client that answers pings stays open
 * @param maxOutboundBytes bytes queued for one client and not yet written; beyond this the client
 *     is disconnected with close code {@value #CLOSE_SLOW_CLIENT}
 * @param maxOutboundMessages frames queued for one client and not yet written; same consequence
 * @param subscribesPerSecondPerConnection {@code subscribe} requests a connection may make per
 *     second; more get {@code rate_limited}
 * @param subscribesPerSecondPerUser the same for all connections of one user together
 */
public record Limits(
    int maxConnections,
    Duration idleTimeout,
    long maxOutboundBytes,
    int maxOutboundMessages,
    int subscribesPerSecondPerConnection,
    int subscribesPerSecondPerUser) {

  /** The close code of a client whose outgoing buffer overflowed: policy violation. */
  public static final int CLOSE_SLOW_CLIENT = 1008;

  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final long DEFAULT_MAX_OUTBOUND_BYTES = 1024 * 1024;
  public static final int DEFAULT_MAX_OUTBOUND_MESSAGES = 1_000;
  public static final int DEFAULT_SUBSCRIBES_PER_SECOND_PER_CONNECTION = 20;
  public static final int DEFAULT_SUBSCRIBES_PER_SECOND_PER_USER = 50;

  public Limits {
    positive(maxConnections, "maxConnections");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (idleTimeout.toMillis() < 100) {
      throw new IllegalArgumentException("idleTimeout must be >= 100 ms, was " + idleTimeout);
    }
    if (maxOutboundBytes < 1024) {
      throw new IllegalArgumentException("maxOutboundBytes must be >= 1024");
    }
    positive(maxOutboundMessages, "maxOutboundMessages");
    positive(subscribesPerSecondPerConnection, "subscribesPerSecondPerConnection");
    positive(subscribesPerSecondPerUser, "subscribesPerSecondPerUser");
  }

  public static Limits defaults() {
    return new Limits(
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_MAX_OUTBOUND_BYTES,
        DEFAULT_MAX_OUTBOUND_MESSAGES,
        DEFAULT_SUBSCRIBES_PER_SECOND_PER_CONNECTION,
        DEFAULT_SUBSCRIBES_PER_SECOND_PER_USER);
  }

  public Limits withMaxConnections(int value) {
    return new Limits(
        value,
        idleTimeout,
        maxOutboundBytes,
        maxOutboundMessages,
        subscribesPerSecondPerConnection,
        subscribesPerSecondPerUser);
  }

  public Limits withIdleTimeout(Duration value) {
    return new Limits(
        maxConnections,
        value,
        maxOutboundBytes,
        maxOutboundMessages,
        subscribesPerSecondPerConnection,
        subscribesPerSecondPerUser);
  }

  public Limits withOutbound(long bytes, int messages) {
    return new Limits(
        maxConnections,
        idleTimeout,
        bytes,
        messages,
        subscribesPerSecondPerConnection,
        subscribesPerSecondPerUser);
  }

  public Limits withSubscribeRates(int perConnection, int perUser) {
    return new Limits(
        maxConnections, idleTimeout, maxOutboundBytes, maxOutboundMessages, perConnection, perUser);
  }

  private static void positive(long value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, was " + value);
    }
  }
}
