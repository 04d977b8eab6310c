package io.jobwire.broker;

import io.jobwire.broker.internal.observe.JdkBrokerHttp;
import io.jobwire.queue.Monitor;
import io.jobwire.security.TlsConfig;

/**
 * The broker's small HTTP endpoint: {@code /metrics} (Prometheus text), {@code /health/live} and
 * {@code /health/ready} (JSON, 200 or 503). Runs on threads of its own, never the broker's. With a
 * {@link TlsConfig} it serves HTTPS only. None of these paths is an admin endpoint: Prometheus and
 * load balancers read them without a key.
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
    return start(broker, monitor, host, port, TlsConfig.OFF);
  }

  /**
   * Like {@link #start(Broker, Monitor, String, int)}, serving HTTPS when {@code tls} is enabled; a
   * bad certificate or key fails here with a message naming the file.
   */
  static BrokerHttp start(Broker broker, Monitor monitor, String host, int port, TlsConfig tls) {
    return JdkBrokerHttp.start(broker, monitor, host, port, tls);
  }

  /** The port actually bound. */
  int port();

  /** {@code http://HOST:PORT} or {@code https://HOST:PORT}. */
  String baseUrl();

  @Override
  void close();
}
