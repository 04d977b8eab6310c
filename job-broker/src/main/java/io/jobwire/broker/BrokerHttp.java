package io.jobwire.broker;

import io.jobwire.broker.internal.JdkBrokerHttp;

/**
 * The broker's small HTTP endpoint: {@code /metrics} (Prometheus text), {@code /health/live} and
 * {@code /health/ready} (JSON, 200 or 503). Runs on threads of its own, never the broker's.
 *
 * <pre>{@code
 * try (BrokerHttp http = BrokerHttp.start(broker, monitor, "127.0.0.1", 9556)) { ... }
 * }</pre>
 */
public interface BrokerHttp extends AutoCloseable {
  int DEFAULT_PORT = 9556;

  /**
   * Listens on {@code host:port} (0 = any free port). {@code monitor} (may be null) adds the
   * per-topic queue depths to the metrics; the caller keeps owning it.
   */
  static BrokerHttp start(Broker broker, Monitor monitor, String host, int port) {
    return JdkBrokerHttp.start(broker, monitor, host, port);
  }

  /** The port actually bound. */
  int port();

  @Override
  void close();
}
